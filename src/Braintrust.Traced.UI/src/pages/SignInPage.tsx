import { useState, type FormEvent } from "react";
import { api } from "../api/client";
import { signInErrorMessage } from "./signInErrorMessage";
import type { Org } from "../api/types";
import { useRoute } from "../routing/navigation";

/** Exchanges an API key for an HttpOnly session cookie; the key itself is never stored in the browser. */
export function SignInPage({ orgs, onSignedIn }: { orgs: Org[]; onSignedIn: (next: string | null, orgs: Org[]) => void }) {
  const { route } = useRoute();
  const next = route.page === "sign-in" ? route.next : null;
  const [apiKey, setApiKey] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!apiKey.trim()) {
      setError("API key: enter the key printed when the server first started (or one from `keys create`).");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const session = await api.signIn(apiKey.trim());
      setApiKey("");
      onSignedIn(next, session.orgs);
    } catch (e) {
      setError(signInErrorMessage(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="sign-in">
      <form className="sign-in-card" onSubmit={submit} aria-label="Sign in">
        <h1>Braintrust.Traced</h1>
        <p className="muted">{orgs.length > 0 ? "Add another organization with its API key." : "Sign in with an API key of your organization."}</p>
        <label htmlFor="api-key">API key</label>
        <input
          id="api-key"
          name="api-key"
          type="password"
          autoComplete="off"
          autoFocus
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          aria-invalid={error !== null}
          aria-describedby={error ? "sign-in-error" : undefined}
        />
        {error && (
          <div id="sign-in-error" className="field-error" role="alert">
            {error}
          </div>
        )}
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
        <p className="muted small">The key is exchanged for a session cookie scripts cannot read; it is not kept in the browser.</p>
      </form>
    </div>
  );
}

