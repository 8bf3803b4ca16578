import { useCallback, useEffect, useState } from "react";
import { api, setUnauthorizedHandler } from "./api/client";
import type { Org } from "./api/types";
import { navigate, useRoute } from "./routing/navigation";
import { projectsUrl, signInUrl } from "./routing/route";
import { SignInPage } from "./pages/SignInPage";
import { ProjectsPage } from "./pages/ProjectsPage";
import { LogsPage } from "./pages/LogsPage";
import { MonitorPage } from "./pages/MonitorPage";
import { TopBar } from "./components/TopBar";

/** Loads the browser's session (which orgs it is signed into) and renders the page the URL names. */
export function App() {
  const { href, route } = useRoute();
  const [orgs, setOrgs] = useState<Org[] | null>(null);

  const refreshSession = useCallback(async () => {
    try {
      setOrgs((await api.session()).orgs);
    } catch {
      setOrgs([]);
    }
  }, []);

  useEffect(() => {
    void refreshSession();
  }, [refreshSession]);

  useEffect(() => {
    setUnauthorizedHandler(() => {
      void refreshSession();
    });
  }, [refreshSession]);

  const signedIn = orgs !== null && orgs.length > 0;
  useEffect(() => {
    if (orgs === null) return;
    if (!signedIn && route.page !== "sign-in") navigate(signInUrl(href), { replace: true });
    else if (signedIn && route.page === "home") navigate(projectsUrl(orgs[0].id), { replace: true });
  }, [orgs, signedIn, route.page, href]);

  if (orgs === null) return <div className="loading-screen">Loading…</div>;

  if (route.page === "sign-in" || !signedIn) {
    return (
      <SignInPage
        orgs={orgs}
        onSignedIn={(next, signedInOrgs) => {
          setOrgs(signedInOrgs);
          navigate(next && next.startsWith("/") && !next.startsWith("//") ? next : projectsUrl(signedInOrgs[signedInOrgs.length - 1].id));
        }}
      />
    );
  }

  const orgId = "orgId" in route ? route.orgId : null;
  const org = orgs.find((o) => o.id === orgId) ?? null;
  const signOut = async () => {
    await api.signOut();
    setOrgs([]);
    navigate("/sign-in");
  };

  return (
    <div className="app">
      <TopBar orgs={orgs} route={route} onSignOut={signOut} />
      <main className="app-main">
        {orgId && !org ? (
          <div className="notice error" role="alert">
            This browser is not signed into organization “{orgId}”. <a href={signInUrl(href)} onClick={(e) => { e.preventDefault(); navigate(signInUrl(href)); }}>Sign in with its API key</a>.
          </div>
        ) : route.page === "projects" ? (
          <ProjectsPage orgId={route.orgId} />
        ) : route.page === "logs" ? (
          <LogsPage route={route} />
        ) : route.page === "monitor" ? (
          <MonitorPage route={route} />
        ) : route.page === "not-found" ? (
          <div className="notice">No page at {route.path}.</div>
        ) : null}
      </main>
    </div>
  );
}
