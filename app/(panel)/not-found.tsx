import { NotFoundPanel } from "@/components/not-found-panel";

/** notFound() from a panel page: inside the panel's own <main>, so the page keeps one main landmark. */
export default function PanelNotFound() {
  return <NotFoundPanel kind="page" />;
}
