#!/usr/bin/env node
// Architecture rules Biome cannot express, checked on every lint:
//  1. modules talk through their index.ts: `modules/a` imports `../b/index.js` only;
//  2. SQL lives in repos (and the kernel): services and routes build no queries;
//  3. no SQL built from strings: no sql.raw / sql.lit / pool.query with interpolated templates;
//  4. the web app never injects HTML (dangerouslySetInnerHTML).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const problems = [];

function walk(dir, out = []) {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = path.join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (/\.(ts|tsx)$/.test(e.name)) out.push(p);
  }
  return out;
}

const modulesDir = path.join(root, 'apps/server/src/modules');
for (const file of walk(path.join(root, 'apps/server/src'))) {
  const rel = path.relative(root, file);
  const src = readFileSync(file, 'utf8');
  const lines = src.split('\n');
  const inModule = file.startsWith(modulesDir + path.sep)
    ? path.relative(modulesDir, file).split(path.sep)[0]
    : null;
  const isTest = /\.test\.ts$/.test(file) || rel.includes('kernel/testing/');
  lines.forEach((line, i) => {
    const where = `${rel}:${i + 1}`;
    const imp = line.match(/from '(\.[^']+)'/);
    if (imp && !isTest) {
      const target = path.resolve(path.dirname(file), imp[1]);
      if (target.startsWith(modulesDir + path.sep)) {
        const [mod, ...restParts] = path.relative(modulesDir, target).split(path.sep);
        const rest = restParts.join('/');
        if (mod !== inModule && rest !== 'index.js' && rest !== '') {
          problems.push(
            `${where}: import another module through its index.ts ('../${mod}/index.js'), not '${imp[1]}'`,
          );
        }
      }
    }
    if (/sql\.(raw|lit)\s*\(/.test(line))
      problems.push(`${where}: sql.raw/sql.lit build SQL from strings; use parameters`);
    if (/\.query\(\s*`[^`]*\$\{/.test(line) && !isTest)
      problems.push(`${where}: interpolated SQL string; use parameters`);
    if (
      /\.(service|routes)\.ts$/.test(file) &&
      /\b(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql`/.test(line)
    ) {
      problems.push(`${where}: SQL belongs in the module's repo, not in ${path.basename(file)}`);
    }
  });
}
for (const file of walk(path.join(root, 'apps/web/src'))) {
  const src = readFileSync(file, 'utf8');
  if (src.includes('dangerouslySetInnerHTML'))
    problems.push(`${path.relative(root, file)}: dangerouslySetInnerHTML is not allowed`);
}

if (problems.length) {
  process.stderr.write(
    `Architecture rules broken (${problems.length}):\n${problems.map((p) => `  - ${p}`).join('\n')}\n`,
  );
  process.exit(1);
}
process.stdout.write('architecture rules: ok\n');
