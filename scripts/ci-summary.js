// Summarises a CI run: one line per check step and per test suite, then a
// last line "N passed, N failed" on its own. Exits 1 when anything failed.
//
//   node scripts/ci-summary.js step:<name>=<exit code>[=<seconds>] ...
//                              suite:<name>=<vitest JSON report>=<exit code>[=<seconds>] ...
//
// "passed" counts tests. "failed" counts failed tests, plus one for each
// test file that could not run, each suite that ran no test at all (a broken
// glob must not pass silently), each suite whose runner failed with nothing
// else to show for it (no report, unhandled errors), and each failed step.

import { existsSync, readFileSync } from 'node:fs';

const steps = [];
const suites = [];

for (const arg of process.argv.slice(2)) {
  const [kind, rest] = [arg.slice(0, arg.indexOf(':')), arg.slice(arg.indexOf(':') + 1)];
  const [name, ...fields] = rest.split('=');
  if (kind === 'step') steps.push({ name, code: Number(fields[0]), seconds: fields[1] });
  else if (kind === 'suite') suites.push({ name, report: fields[0], code: Number(fields[1]), seconds: fields[2] });
  else {
    console.error(`ci-summary: cannot read argument "${arg}"`);
    process.exit(2);
  }
}

const time = (s) => (s ? ` (${s} s)` : '');
let passed = 0;
let failed = 0;

for (const step of steps) {
  const ok = step.code === 0;
  if (!ok) failed++;
  console.log(`  ${ok ? 'ok  ' : 'FAIL'}  ${step.name.padEnd(14)} ${ok ? 'ok' : `failed (exit code ${step.code})`}${time(step.seconds)}`);
}

for (const suite of suites) {
  const notes = [];
  let p = 0;
  let f = 0;
  let skipped = 0;
  let report = null;
  if (existsSync(suite.report)) {
    try {
      report = JSON.parse(readFileSync(suite.report, 'utf8'));
    } catch (err) {
      notes.push(`unreadable report: ${err.message}`);
    }
  } else notes.push('no report written');
  if (report) {
    p = report.numPassedTests ?? 0;
    f = report.numFailedTests ?? 0;
    skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that failed to load has no failed test of its own.
    const broken = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && !(file.assertionResults ?? []).some((a) => a.status === 'failed'),
    );
    for (const file of broken) notes.push(`could not run ${file.name.replace(process.cwd() + '/', '')}: ${String(file.message ?? '').split('\n')[0]}`);
    f += broken.length;
    if (report.numTotalTests === 0 || p + f === 0) {
      notes.push('ran no tests');
      if (broken.length === 0) f++;
    }
  }
  if (suite.code !== 0 && f === 0) {
    notes.push(`test runner exited with code ${suite.code}`);
    f++;
  }
  passed += p;
  failed += f;
  const status = f === 0 ? 'ok  ' : 'FAIL';
  console.log(`  ${status}  ${suite.name.padEnd(14)} ${p} passed, ${f} failed${skipped ? `, ${skipped} skipped` : ''}${time(suite.seconds)}`);
  for (const note of notes) console.log(`        ${note}`);
}

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
