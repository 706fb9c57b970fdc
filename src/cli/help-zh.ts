/** `--help` in Chinese: the texts of src/i18n/messages/help.ts put on the built commander tree. */
import { Help, type Command } from 'commander';
import { commanderErrorsZh, helpFrameZh, helpZh } from '../i18n/messages/help';

/** Every text of the tree by key ("run", "run --extract", "status <runDirOrId>"), for the help test too. */
export function helpKeys(program: Command): string[] {
  const keys: string[] = [];
  const walk = (cmd: Command, path: string) => {
    if (cmd.description()) keys.push(path);
    for (const a of cmd.registeredArguments) if (a.description) keys.push(`${path ? `${path} ` : ''}<${a.name()}>`);
    for (const o of cmd.options) if (o.description && o.long) keys.push(`${path ? `${path} ` : ''}${o.long}`);
    for (const sub of cmd.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, '');
  return keys;
}

export function helpInChinese(program: Command): void {
  const frame = (text: string) => helpFrameZh.reduce((s, [re, zh]) => s.replace(re, zh), text);
  const walk = (cmd: Command, path: string) => {
    const at = (k: string) => helpZh[path ? `${path} ${k}` : k];
    if (cmd.description() && helpZh[path]) cmd.description(helpZh[path]);
    for (const a of cmd.registeredArguments) a.description = at(`<${a.name()}>`) ?? a.description;
    for (const o of cmd.options) if (o.description && o.long) o.description = at(o.long) ?? helpZh[o.long] ?? o.description;
    cmd.helpOption('-h, --help', helpZh['--help']);
    cmd.configureHelp({ formatHelp: (c, helper) => frame(Help.prototype.formatHelp.call(helper, c, helper)) });
    cmd.configureOutput({ outputError: (text, write) => write(commanderErrorsZh.reduce((s, [re, zh]) => s.replace(re, zh), text)) });
    for (const sub of cmd.commands) walk(sub, path ? `${path} ${sub.name()}` : sub.name());
  };
  walk(program, '');
}
