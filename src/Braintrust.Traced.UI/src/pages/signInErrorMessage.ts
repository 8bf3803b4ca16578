import { ApiError } from "../api/ApiError";

/** What the sign-in form says about a refused attempt; the server's own text names the field and the wait. */
export function signInErrorMessage(error: unknown): string {
  if (error instanceof ApiError && error.status === 401) return "API key: invalid or revoked.";
  if (error instanceof ApiError && error.status === 429) {
    const wait = error.retryAfterSeconds;
    return `Too many failed sign-ins from this computer. Try again in ${wait !== null ? formatWait(wait) : "a little while"}.`;
  }
  return error instanceof Error ? error.message : String(error);
}

function formatWait(seconds: number): string {
  if (seconds < 60) return `${seconds} second${seconds === 1 ? "" : "s"}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} minute${minutes === 1 ? "" : "s"}`;
}
