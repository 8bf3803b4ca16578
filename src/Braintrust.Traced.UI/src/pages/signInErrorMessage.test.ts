import { describe, expect, it } from "vitest";
import { ApiError } from "../api/ApiError";
import { signInErrorMessage } from "./signInErrorMessage";

describe("sign-in error messages", () => {
  it("names the API key when it is refused", () => {
    expect(signInErrorMessage(new ApiError(401, "api_key: invalid or revoked API key", "api_key"))).toBe("API key: invalid or revoked.");
  });

  it("tells a throttled user how long to wait, from Retry-After", () => {
    expect(signInErrorMessage(new ApiError(429, "too many", "api_key", 30))).toBe("Too many failed sign-ins from this computer. Try again in 30 seconds.");
    expect(signInErrorMessage(new ApiError(429, "too many", "api_key", 1))).toBe("Too many failed sign-ins from this computer. Try again in 1 second.");
    expect(signInErrorMessage(new ApiError(429, "too many", "api_key", 61))).toBe("Too many failed sign-ins from this computer. Try again in 2 minutes.");
    expect(signInErrorMessage(new ApiError(429, "too many", "api_key"))).toBe("Too many failed sign-ins from this computer. Try again in a little while.");
  });
});
