// @ts-check
const { TestEnvironment } = require('jest-environment-node');

/**
 * Node's environment, plus the warnings of pg about a query sent on a client that is still running one
 * (Promise.all inside a transaction, whose queries share one connection): pg 8 queues it and warns, pg 9 will refuse
 * it. The real process emits the warning, which a test file's sandboxed `process` does not see, so the environment
 * collects them for `one-query-at-a-time.ts` to fail the file.
 */
class E2eEnvironment extends TestEnvironment {
  /** @param {ConstructorParameters<typeof TestEnvironment>} args */
  constructor(...args) {
    super(...args);
    /** @type {string[]} */
    const concurrentQueries = [];
    this.global.__concurrentQueries = concurrentQueries;
    /** @param {Error} warning */
    this.onWarning = (warning) => {
      if (warning.message.includes('already executing a query')) concurrentQueries.push(warning.stack ?? warning.message);
    };
    process.on('warning', this.onWarning);
  }

  async teardown() {
    process.off('warning', this.onWarning);
    await super.teardown();
  }
}

module.exports = E2eEnvironment;
