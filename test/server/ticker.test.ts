import { Ticker } from '../../src/server/stream/abort';

describe('ticker (repeated waits of one request)', () => {
  it('waits its length again on every call', async () => {
    const ticker = new Ticker(20, new AbortController().signal);
    try {
      const started = performance.now();
      for (let i = 0; i < 3; i++) await ticker.wait();
      expect(performance.now() - started).toBeGreaterThanOrEqual(55);
    } finally {
      ticker.dispose();
    }
  });

  it('rejects the current wait with the signal reason as soon as it aborts', async () => {
    const controller = new AbortController();
    const ticker = new Ticker(10_000, controller.signal);
    const waiting = ticker.wait();
    controller.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    await expect(ticker.wait()).rejects.toThrow('client left');
    ticker.dispose();
  });

  it('lets go of the signal on dispose, so a later abort touches nothing', async () => {
    const controller = new AbortController();
    const ticker = new Ticker(5, controller.signal);
    await ticker.wait();
    ticker.dispose();
    expect(() => controller.abort()).not.toThrow();
  });
});
