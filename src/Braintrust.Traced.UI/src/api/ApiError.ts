/** A failed API call, carrying the server's RFC 7807 detail (which names the offending field). */
export class ApiError extends Error {
  readonly status: number;
  readonly field: string | null;

  constructor(status: number, message: string, field: string | null) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.field = field;
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
    return new ApiError(response.status, detail, field);
  }
}
