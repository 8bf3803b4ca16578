import { useEffect, useState } from "react";
import { api } from "../api/client";
import type { Project } from "../api/types";
import { Link } from "../components/Link";
import { logsUrl } from "../routing/route";
import { formatTime } from "../format/format";

export function ProjectsPage({ orgId }: { orgId: string }) {
  const [projects, setProjects] = useState<Project[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setProjects(null);
    api.projects(orgId).then(
      (result) => live && setProjects(result.projects),
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [orgId]);

  if (error) return <div className="notice error" role="alert">{error}</div>;
  if (!projects) return <div className="notice">Loading projects…</div>;
  if (projects.length === 0) {
    return <div className="notice">No projects yet. Log a trace with BRAINTRUST_APP_URL pointing at this server and it appears here.</div>;
  }
  return (
    <section className="projects-page">
      <h2>Projects</h2>
      <ul className="project-list">
        {projects.map((project) => (
          <li key={project.id}>
            <Link to={logsUrl(orgId, project.id)}>{project.name}</Link>
            <span className="muted small"> created {formatTime(project.created)}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
