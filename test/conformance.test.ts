import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compareLines } from '../src/runtime/scenario-compare.js';
import { parseExpectedLines, readScenarioFile, runScenario } from '../src/runtime/scenario-run.js';

const testDir = dirname(fileURLToPath(import.meta.url));
/** The scenarios and the reference's outputs, kept in the repository (test/conformance/). */
const conformanceDir = join(testDir, 'conformance');
/** The team's shared folder they are copied from, when it sits next to the repository. */
const sharedDir = join(testDir, '..', '..', 'shared', 'conformance');

const scenarios = readdirSync(conformanceDir)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

describe('aos conformance scenarios', () => {
  it('finds the scenario folder with its expected outputs, the same as the shared folder when present', () => {
    expect(scenarios.length).toBe(20);
    for (const name of scenarios)
      expect(existsSync(join(conformanceDir, `${name}.expected.jsonl`))).toBe(true);
    // next to the team's shared folder (development checkouts), the copy must not have drifted from it
    if (existsSync(sharedDir)) {
      const files = (dir: string) => readdirSync(dir).sort();
      expect(files(conformanceDir)).toEqual(files(sharedDir));
      for (const file of files(sharedDir)) {
        expect(readFileSync(join(conformanceDir, file), 'utf8'), file).toBe(
          readFileSync(join(sharedDir, file), 'utf8'),
        );
      }
    }
  });

  for (const name of scenarios) {
    it(`reproduces the reference output of scenario ${name}`, async () => {
      const scenario = readScenarioFile(join(conformanceDir, `${name}.json`));
      const expected = parseExpectedLines(
        readFileSync(join(conformanceDir, `${name}.expected.jsonl`), 'utf8'),
      );
      const actual = await runScenario(scenario);
      expect(actual.length).toBe(expected.length);
      const diffs = expected.flatMap((line, i) => {
        const got = actual[i];
        return got ? compareLines(line, got) : [`step ${line.step}: no output`];
      });
      expect(diffs).toEqual([]);
    });
  }

  it('evaluates pairs-order identically in two fresh processes', async () => {
    const scenario = readScenarioFile(join(conformanceDir, 'pairs-order.json'));
    const first = JSON.stringify(await runScenario(scenario));
    const second = JSON.stringify(await runScenario(scenario));
    expect(second).toBe(first);
    expect(first).toContain('Assign,Bell,Colors');
  });
});
