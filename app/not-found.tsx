import { NotFoundPanel } from "@/components/not-found-panel";

export default function NotFound() {
  return (
    <main className="px-4 py-16">
      <NotFoundPanel kind="page" />
    </main>
  );
}
