/** The logging surface the HTTP layer needs; a pino logger satisfies it. */
export interface HttpLogger {
  info(object: Record<string, unknown>, message?: string): void;
  warn(object: Record<string, unknown>, message?: string): void;
  error(object: Record<string, unknown>, message?: string): void;
}

export const silentLogger: HttpLogger = {
  info() {},
  warn() {},
  error() {},
};
