import { NotFoundPanel } from "@/components/not-found-panel";

/** notFound() inside the panel: shown in the panel's own <main> (the root not-found has its own, for unknown URLs). */
export default function PanelNotFound() {
  return <NotFoundPanel kind="page" />;
}
