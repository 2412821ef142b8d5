declare module 'vitest' {
  /** Values the `@yishi/testing/global-setup` module hands to tests through `inject()`. */
  interface ProvidedContext {
    /** URL of the harness PostgreSQL's maintenance database; use `createTestDatabase()` instead. */
    postgresUrl: string;
    /** URL of the harness nats-server (JetStream enabled). */
    natsUrl: string;
  }
}

export {};
