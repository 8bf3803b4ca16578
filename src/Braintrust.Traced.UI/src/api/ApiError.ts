/** A failed API call, carrying the server's RFC 7807 detail (which names the offending field). */
export class ApiError extends Error {
  readonly status: number;
  readonly field: string | null;
  /** From a 429's Retry-After header: how long the server asks the client to wait. */
  readonly retryAfterSeconds: number | null;

  constructor(status: number, message: string, field: string | null, retryAfterSeconds: number | null = null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  static async from(response: Response): Promise<ApiError> {
    let detail = `${response.status} ${response.statusText}`;
    let field: string | null = null;
    try {
      const body = await response.json();
      if (body && typeof body.detail === "string") detail = body.detail;
      else if (body && typeof body.title === "string") detail = body.title;
      if (body && typeof body.field === "string") field = body.field;
    } catch {
      // Not JSON: keep the status line.
    }
    const retryAfter = Number.parseInt(response.headers.get("Retry-After") ?? "", 10);
    return new ApiError(response.status, detail, field, Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter : null);
  }
}
