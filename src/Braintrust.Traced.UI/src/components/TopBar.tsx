import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Org, Project } from "../api/types";
import { navigate } from "../routing/navigation";
import { logsUrl, monitorUrl, projectsUrl, type Route } from "../routing/route";
import { Link } from "./Link";

const addOrg = "__add__";

/** Org picker, project picker, Logs/Monitor tabs and sign-out. */
export function TopBar({ orgs, route, onSignOut }: { orgs: Org[]; route: Route; onSignOut: () => void }) {
  const orgId = "orgId" in route ? route.orgId : orgs[0].id;
  const projectId = "projectId" in route ? route.projectId : null;
  const [projects, setProjects] = useState<Project[]>([]);

  useEffect(() => {
    let live = true;
    if (!orgs.some((o) => o.id === orgId)) return;
    api.projects(orgId).then((r) => live && setProjects(r.projects), () => live && setProjects([]));
    return () => {
      live = false;
    };
  }, [orgId, orgs]);

  return (
    <header className="top-bar">
      <Link to={projectsUrl(orgId)} className="brand">Braintrust.Traced</Link>
      <label className="picker">
        <span className="sr-only">Organization</span>
        <select
          aria-label="Organization"
          value={orgId}
          onChange={(e) => (e.target.value === addOrg ? navigate("/sign-in") : navigate(projectsUrl(e.target.value)))}
        >
          {orgs.map((org) => (
            <option key={org.id} value={org.id}>{org.name}</option>
          ))}
          <option value={addOrg}>+ Add organization…</option>
        </select>
      </label>
      <label className="picker">
        <span className="sr-only">Project</span>
        <select aria-label="Project" value={projectId ?? ""} onChange={(e) => e.target.value && navigate(logsUrl(orgId, e.target.value))}>
          <option value="" disabled>Choose a project</option>
          {projects.map((project) => (
            <option key={project.id} value={project.id}>{project.name}</option>
          ))}
        </select>
      </label>
      {projectId && (
        <nav className="tabs" aria-label="Project views">
          <Link to={logsUrl(orgId, projectId)} className={route.page === "logs" ? "tab active" : "tab"}>Logs</Link>
          <Link to={monitorUrl(orgId, projectId, route.page === "monitor" ? route.range : "24h")} className={route.page === "monitor" ? "tab active" : "tab"}>Monitor</Link>
        </nav>
      )}
      <span className="spacer" />
      <button type="button" className="link-button" onClick={onSignOut}>Sign out</button>
    </header>
  );
}
