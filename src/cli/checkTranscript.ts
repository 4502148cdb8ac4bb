import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { checkRecordedDir, isRecordedDir } from '../harness/record/replayDir';
import { checkTranscripts, type Sidecar, type TranscriptSource } from '../harness/record/transcripts';
import type { ReportFormat } from '../harness/reporters';
import { HarnessFailure } from '../harness/types';
import { type CommandIo, emitReport, parseIds, processIo } from './io';
import { withReportOptions } from './options';

/** Options of `chat-contract check-transcript`. */
export interface CheckTranscriptArgs {
  profile: 'strict' | 'compatible';
  report: ReportFormat;
  out?: string;
  only?: string[];
  skip?: string[];
  verbose?: boolean;
}

/**
 * Recordings above this size keep only the raw lines their events cannot rebuild; evidence is
 * still quoted in full, rebuilt from the events.
 */
export const KEEP_LINES_MAX_BYTES = 64 * 1024 * 1024;

async function readSidecar(file: string): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = await readFile(`${file}.json`, 'utf8');
  } catch {
    return undefined;
  }
  try {
    return JSON.parse(text) as Sidecar;
  } catch (err) {
    throw new HarnessFailure('transcript-unreadable', `${file}.json: ${(err as Error).message}`);
  }
}

async function source(file: string): Promise<TranscriptSource> {
  const info = await stat(file).catch((err: Error) => {
    throw new HarnessFailure('transcript-unreadable', `${file}: ${err.message}`);
  });
  const sidecar = await readSidecar(file);
  return {
    name: file,
    body: createReadStream(file, { highWaterMark: 256 * 1024 }),
    keepLines: info.size <= KEEP_LINES_MAX_BYTES ? true : 'unusual',
    ...(sidecar ? { sidecar } : {}),
  };
}

/** Runs `check-transcript` and returns its exit code (0, 1, or 2 with one line on stderr). */
export async function runCheckTranscript(
  files: string[],
  args: CheckTranscriptArgs,
  io: CommandIo,
): Promise<0 | 1 | 2> {
  try {
    const options = {
      profile: args.profile,
      ...(args.only ? { only: args.only } : {}),
      ...(args.skip ? { skip: args.skip } : {}),
    };
    if (files.length === 1 && (await isRecordedDir(files[0]!)))
      return await emitReport(await checkRecordedDir(files[0]!, options), args, io);
    const sources = [];
    for (const file of files) sources.push(await source(file));
    const report = await checkTranscripts(sources, {
      profile: args.profile,
      ...(args.only ? { only: args.only } : {}),
      ...(args.skip ? { skip: args.skip } : {}),
    });
    return await emitReport(report, args, io);
  } catch (err) {
    if (!(err instanceof HarnessFailure)) throw err;
    await io.stderr(`chat-contract check-transcript: ${err.code}: ${err.message}\n`);
    return 2;
  }
}

/**
 * `chat-contract check-transcript FILE...`: applies the offline checks to recorded streams. An
 * empty file or one that holds no event stream (e.g. a JSON chat.completion) is a bad input, not
 * a recording with defects: exit 2 with one line naming the file and what it looks like.
 */
export function registerCheckTranscript(program: Command): void {
  withReportOptions(program.command('check-transcript'))
    .description(
      'apply the offline checks to recorded streams (raw .sse bytes; optional FILE.json sidecar) or a check --record DIR',
    )
    .argument('<files...>', 'recorded responses')
    .option('--only <ids>', 'comma-separated check ids', parseIds)
    .option('--skip <ids>', 'comma-separated check ids to leave out', parseIds)
    .option('--verbose', 'show every recording and the full stream table')
    .action(async (files: string[], args: CheckTranscriptArgs) => {
      process.exit(await runCheckTranscript(files, args, processIo()));
    });
}
