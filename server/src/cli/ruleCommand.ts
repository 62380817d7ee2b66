// `nb2prod rule CODE` / `rule --all`: the rule's section of docs/rules.md.
import { didYouMean } from '../engine/config';
import type { RuleOptions } from './args';
import { CheckError } from './check';
import type { Io } from './checkCommand';
import { knownCodes, ruleSection } from './ruleDocs';

export function ruleCommand(options: RuleOptions, io: Io): number {
  const codes = options.all ? knownCodes() : options.codes;
  const sections = codes.map((code) => {
    const section = ruleSection(code);
    if (section) return section;
    const hint = didYouMean(code, knownCodes());
    throw new CheckError(`no rule ${code}${hint ? ` (did you mean ${hint}?)` : ''}; \`nb2prod rule --all\` lists them`);
  });
  io.stdout.write(sections.join('\n\n') + '\n');
  return 0;
}
