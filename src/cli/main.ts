import { Command, CommanderError } from 'commander';
import { exitCodeOf, messageOf } from '../domain/errors';
import { setCommand, writeError } from '../run-dir/atomic';
import { currentLang, langFlag, parseLang, resolveLang, setLang, t } from '../i18n';
import { helpInChinese } from './help-zh';
import { registerCommands } from './commands';
import { VERSION } from '../version';

export function buildProgram(): Command {
  const program = new Command('siprint')
    .description('Annual social-insurance rights-record statements (社会保险个人权益记录单): check, render, package, mail.')
    .version(VERSION)
    .option('--lang <lang>', 'the language of what siprint prints: zh-CN or en (default: $SIPRINT_LANG, else the locale)')
    .showHelpAfterError(t('cli.addHelp'))
    .exitOverride()
    // a full disk's fix names the command that was run
    .hook('preAction', (_program, command) => setCommand(command.name()));
  registerCommands(program);
  if (currentLang() === 'zh-CN') helpInChinese(program);
  return program;
}

/**
 * A reader that stops reading (`siprint status | head -1`) closes the pipe: what is left to print
 * has nobody to read it, so stop quietly, as Unix tools do, for every command — never a stack trace.
 */
export function quietOnClosedPipe(stream: NodeJS.WriteStream): void {
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw err;
  });
}

/** A file-system error that escaped a command (Node's `ENOTDIR: not a directory, mkdir '…'`): the path and the fix. */
function tidy(err: unknown): unknown {
  const e = err as NodeJS.ErrnoException;
  return typeof e?.path === 'string' && typeof e.code === 'string' ? writeError(e, e.path) : err;
}

/** Runs the CLI. Every error becomes one line on stderr and an exit code (2 usage/input, 1 other). */
export async function main(argv: string[]): Promise<void> {
  quietOnClosedPipe(process.stdout);
  quietOnClosedPipe(process.stderr);
  // before the commands are built: their --help texts are in this language too; threads and child
  // processes inherit it
  const flag = langFlag(argv.slice(2));
  const lang = resolveLang({ flag });
  setLang(lang, { flag: parseLang(flag) !== undefined });
  process.env.SIPRINT_LANG = lang;
  if (flag !== undefined && parseLang(flag) === undefined) {
    process.stderr.write(`siprint: ${t('cli.badLang', { value: flag })}\n`);
    process.exitCode = 2;
    return;
  }
  const program = buildProgram();
  try {
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // commander has already printed its message (or the help/version text)
      process.exitCode = err.exitCode === 0 ? 0 : 2;
      return;
    }
    process.stderr.write(`siprint: ${messageOf(tidy(err))}\n`);
    process.exitCode = exitCodeOf(err);
  }
}
