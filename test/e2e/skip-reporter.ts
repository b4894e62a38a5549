/**
 * Prints every skipped test with its reason at the end of a run: the list reporter shows a skipped test's title
 * only, so a test skipped for a missing data set, model or GPU looked the same as one skipped by mistake. A skip
 * without a reason is printed as such, so that it gets one.
 */
import type { Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** The reporter (playwright.config.ts lists it after 'list'). */
export default class SkipReasons implements Reporter {
  private readonly skipped: string[] = [];

  onTestEnd(test: TestCase, result: TestResult): void {
    if (result.status !== 'skipped') return;
    // test.skip(condition, reason) records the reason as a 'skip' annotation, on the test and (1.52+) on the result.
    const reasons = [...new Set([...test.annotations, ...result.annotations].filter((a) => a.type === 'skip' || a.type === 'fixme').map((a) => a.description))];
    const why = reasons.filter(Boolean).join('; ') || 'no reason given';
    this.skipped.push(
      `  - ${test.titlePath().filter(Boolean).slice(2).join(' › ')} (${test.location.file.split('/').slice(-2).join('/')}:${test.location.line}): ${why}`,
    );
  }

  onEnd(): void {
    if (this.skipped.length === 0) return;
    process.stdout.write(`\n${this.skipped.length} skipped, and why:\n${this.skipped.join('\n')}\n`);
  }

  printsToStdio(): boolean {
    return true;
  }
}
