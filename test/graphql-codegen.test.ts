import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate, loadContext } from '@graphql-codegen/cli';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../src/store/package-root.js';

describe('generated GraphQL resolver types', () => {
  it('match what `npm run codegen` makes from schema.graphql (regenerate when this fails)', async () => {
    const root = packageRoot();
    const context = await loadContext(join(root, 'codegen.yml'));
    const outputs = (await generate(context, false)) as { filename: string; content: string }[];
    expect(outputs).toHaveLength(1);
    const output = outputs[0]!;
    expect(output.filename).toContain('src/api/graphql/generated.ts');
    const committed = readFileSync(join(root, 'src/api/graphql/generated.ts'), 'utf8');
    expect(committed).toBe(output.content);
  });
});
