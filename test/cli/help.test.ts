/**
 * `siprint --help` and each command's `--help`, for every command registered on the program (taken from
 * commander's own tree, so a new command is covered without touching this file), run as the built CLI.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Command } from 'commander';
import { buildProgram } from '../../src/cli/main';
import { helpKeys } from '../../src/cli/help-zh';
import { helpZh } from '../../src/i18n/messages/help';

const bin = path.join(__dirname, '../../bin/siprint.js');
const run = promisify(execFile);

/** Every command under `cmd`, depth first, as its path of names (["run"], or ["a", "b"] for a subcommand). */
function commandPaths(cmd: Command, prefix: string[] = []): string[][] {
  return cmd.commands.flatMap((c) => [[...prefix, c.name()], ...commandPaths(c, [...prefix, c.name()])]);
}

/** The names under "Commands:" in a help text (each entry starts two spaces in; wrapped lines more). */
function listedCommands(help: string): string[] {
  const section = help.split(/^Commands:\n/m)[1] ?? '';
  return [...section.matchAll(/^ {2}(\S+)/gm)].map((m) => m[1]!);
}

const program = buildProgram();
const help = program.createHelp();
const paths = commandPaths(program);
/** commander keeps `.command(name, { hidden: true })` in a private field. */
const hidden = (c: Command): boolean => (c as unknown as { _hidden?: boolean })._hidden === true;
const find = (names: string[]): Command => names.reduce<Command>((c, n) => c.commands.find((s) => s.name() === n)!, program);

describe('siprint CLI help', () => {
  it('the program has its commands (the list below is not empty by accident)', () => {
    expect(paths.map((p) => p.join(' '))).toEqual(expect.arrayContaining(['run', 'check', 'worker', 'status', 'verify', 'generate']));
  });

  it('`siprint --help` lists every registered command (all but hidden ones, plus help), and only those', () => {
    const out = execFileSync(process.execPath, [bin, '--help'], { encoding: 'utf8' });
    expect(out).toMatch(/^Usage: siprint /);
    const visible = help.visibleCommands(program).map((c) => c.name());
    expect(visible).toEqual(expect.arrayContaining(program.commands.filter((c) => !hidden(c)).map((c) => c.name())));
    expect(listedCommands(out).sort()).toEqual(visible.sort());
  });

  it.each(paths.map((p) => [p.join(' '), p] as const))('`siprint %s --help` works: exit 0, its usage, description and every visible option', async (_name, names) => {
    const cmd = find(names);
    const { stdout } = await run(process.execPath, [bin, ...names, '--help'], { encoding: 'utf8' });
    expect(stdout).toMatch(new RegExp(`^Usage: siprint ${names.join(' ')}\\b`));
    const squash = (s: string) => s.replace(/\s+/g, ' ');
    expect(squash(stdout)).toContain(squash(cmd.description()));
    for (const opt of help.visibleOptions(cmd)) expect({ option: opt.flags, listed: stdout.includes(opt.flags) }).toEqual({ option: opt.flags, listed: true });
    if (cmd.commands.length) expect(listedCommands(stdout).sort()).toEqual(help.visibleCommands(cmd).map((c) => c.name()).sort());
  });

  it('exits 2 with one line on an unknown command', () => {
    let status = 0;
    try {
      execFileSync(process.execPath, [bin, 'no-such-command'], { stdio: 'pipe' });
    } catch (err) {
      status = (err as { status: number }).status;
    }
    expect(status).toBe(2);
  });
});

describe('siprint CLI help in Chinese', () => {
  it('has a Chinese text for every command, argument and option (a new one needs its line in src/i18n/messages/help.ts)', () => {
    const missing = helpKeys(program).filter((k) => !(k in helpZh) && !['--version', '--help'].includes(k));
    expect(missing).toEqual([]);
    for (const [key, zh] of Object.entries(helpZh)) expect([key, /[\u3400-\u9fff]/.test(zh)]).toEqual([key, true]);
  });

  it.each(paths.map((p) => [p.join(' '), p] as const))('`siprint --lang zh-CN %s --help` is in Chinese', async (_name, names) => {
    const { stdout } = await run(process.execPath, [bin, '--lang', 'zh-CN', ...names, '--help'], { encoding: 'utf8' });
    expect(stdout).toMatch(new RegExp(`^用法：siprint ${names.join(' ')}\\b`));
    expect(stdout).not.toMatch(/^(Usage|Options|Arguments|Commands):/m);
    const key = names.join(' ');
    if (helpZh[key]) expect(stdout.replace(/\s+/g, '')).toContain(helpZh[key].replace(/\s+/g, ''));
  });

  it('translates commander\'s own errors and refuses an unknown --lang (exit 2, one line)', () => {
    const r = spawnSync(process.execPath, [bin, '--lang', 'zh-CN', 'check', '--year', '2025'], { encoding: 'utf8' });
    expect([r.status, r.stderr.split('\n')[0]]).toEqual([2, "错误：缺少必填选项 '--extract <file>'"]);
    const bad = spawnSync(process.execPath, [bin, '--lang', 'fr', 'status', 'x'], { encoding: 'utf8' });
    expect([bad.status, bad.stderr]).toEqual([2, 'siprint: --lang fr: use zh-CN or en\n']);
  });
});
