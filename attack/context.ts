import { Checks } from "./checks";
import type { Target } from "./clients";
import { AUTH_SECRET, createDatabase, Instance, makeTempDir, onCleanup, Proxy, type Database } from "./cluster";
import { seedWorld, type World } from "./seed";

/** Everything a part of the attack needs: the target, the data, the database checks and the instances to kill. */
export type Context = {
  target: Target;
  world: World;
  checks: Checks;
  instances: Instance[];
  proxy: Proxy;
  short: boolean;
  log: (line: string) => void;
};

/** Ports: the proxy on the first of the range, the instances on the next two. */
export async function startCluster(basePort: number, short: boolean, log: (line: string) => void): Promise<Context> {
  const temp = makeTempDir();
  let database: Database | null = null;
  const instances: Instance[] = [];
  let proxy: Proxy | null = null;
  let checks: Checks | null = null;
  let done = false;
  const shutdown = async () => {
    if (done) return;
    done = true;
    await proxy?.stop().catch(() => undefined);
    for (const i of instances) await i.stop().catch(() => undefined);
    await checks?.close().catch(() => undefined);
    await database?.drop().catch((e: unknown) => console.error(`could not drop ${database?.name}:`, e));
    temp.remove();
  };
  // Undone however the run ends: see cleanUp().
  onCleanup(shutdown);
  database = await createDatabase();
  log(`database ${database.name}; logs in ${temp.dir}`);
  const world = await seedWorld(database.url, AUTH_SECRET);
  const env = {
    DATABASE_URL: database.url,
    AUTH_SECRET,
    // Read by the fixes of issue 9 (ignored by older code): the proxy's address, and the public URL.
    TRUST_PROXY: "127.0.0.1",
    PUBLIC_URL: `https://127.0.0.1:${basePort}`,
    API_RATE_LIMIT: "100000000",
  };
  for (const [i, name] of ["app-1", "app-2"].entries()) instances.push(new Instance(name, basePort + 1 + i, env, temp.dir));
  log("seeded; starting the instances and the proxy…");
  await Promise.all(instances.map((i) => i.start()));
  proxy = new Proxy(basePort, instances.map((i) => i.port), temp.dir);
  await proxy.start();
  checks = await Checks.open(database.url);
  return {
    target: { origin: proxy.origin, direct: instances.map((i) => i.url) },
    world,
    checks,
    instances,
    proxy,
    short,
    log,
  };
}
