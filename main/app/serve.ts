/**
 * `npm run serve -- --config FILE` runs the services and the HIS API without Electron;
 * `npm run serve -- --training` needs no file: it starts the sandbox in-process on a free loopback
 * port with the demo scenario and configures itself as the demo hospital (README.md "Try a settlement in training mode").
 * Prints `his-api: <url>`, `ui: <url>` (docs/ui-contract.md) and, in training, `sandbox: <url>`.
 */
import { startRuntime } from './runtime';
import { AppError } from '../../shared/errors/app-error';

interface ServeArgs {
  configPath: string | null;
  training: boolean;
  port?: number;
  dataDir?: string;
  scenario?: string;
  institution?: string;
  gateway?: string;
  gatewayClockOffsetS?: number;
  pharmacyFlow?: 'outpatient' | 'retail';
}

function parseArgs(argv: readonly string[]): ServeArgs {
  const a: ServeArgs = { configPath: null, training: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const v = argv[i + 1];
    const takesValue = [
      '--config',
      '--port',
      '--data',
      '--scenario',
      '--institution',
      '--gateway',
      '--gateway-clock-offset-s',
      '--pharmacy-flow',
    ].includes(k ?? '');
    if (takesValue && v === undefined) {
      process.stderr.write(`参数 ${k} 需要一个值\n`);
      process.exit(2);
    }
    if (takesValue) i++;
    if (k === '--training') a.training = true;
    else if (k === '--config') a.configPath = v ?? null;
    else if (k === '--port') a.port = Number(v);
    else if (k === '--data') a.dataDir = v;
    else if (k === '--scenario') a.scenario = v;
    else if (k === '--institution') a.institution = v;
    else if (k === '--gateway') a.gateway = v;
    else if (k === '--gateway-clock-offset-s') {
      const n = Number(v);
      if (!Number.isInteger(n) || Math.abs(n) > 86_400) {
        process.stderr.write('参数 --gateway-clock-offset-s 应为 -86400 到 86400 之间的整数秒\n');
        process.exit(2);
      }
      a.gatewayClockOffsetS = n;
    } else if (k === '--pharmacy-flow') {
      if (v !== 'outpatient' && v !== 'retail') throw new Error('--pharmacy-flow 应为 outpatient 或 retail');
      a.pharmacyFlow = v;
    } else if (k === '--help' || k === '-h') {
      process.stdout.write(
        '用法: npm run serve -- (--config 配置文件 | --training) [--port 端口] [--data 培训数据目录] [--scenario 场景文件] [--institution 培训机构编码] [--pharmacy-flow outpatient|retail] ' +
          '[--gateway csb|tif|sm|网关文件（仅培训）] [--gateway-clock-offset-s 秒（演练：签名时钟偏移）]\n',
      );
      process.exit(0);
    } else {
      process.stderr.write(`未知参数: ${k}\n`);
      process.exit(2);
    }
  }
  return a;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.gateway && args.configPath && !args.training) {
    process.stderr.write('参数 --gateway 只用于培训模式；生产环境请在配置文件的 upstream.gateway 中配置网关\n');
    process.exit(2);
  }
  if (!args.training && !args.configPath) {
    process.stdout.write('未指定配置文件，以培训模式启动（内置沙箱平台，示范医院）。\n');
  }
  const rt = await startRuntime({
    configPath: args.configPath,
    training: args.training,
    echoLogs: true,
    configFromFlag: args.configPath !== null,
    ...(args.port !== undefined ? { port: args.port } : {}),
    ...(args.dataDir ? { dataDir: args.dataDir } : {}),
    ...(args.scenario ? { scenario: args.scenario } : {}),
    ...(args.institution ? { institution: args.institution } : {}),
    ...(args.gateway ? { gateway: args.gateway } : {}),
    ...(args.gatewayClockOffsetS ? { gatewayClockOffsetMs: args.gatewayClockOffsetS * 1000 } : {}),
    ...(args.pharmacyFlow ? { pharmacyFlow: args.pharmacyFlow } : {}),
  });
  if (rt.sandboxUrl) process.stdout.write(`sandbox: ${rt.sandboxUrl}\n`);
  process.stdout.write(`his-api: ${rt.hisApiUrl}\n`);
  if (rt.training) process.stdout.write(`his-api token: ${rt.config.his_api.token}\n`);
  process.stdout.write(`ui: ${rt.uiUrl}\n`);
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void rt.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e: unknown) => {
  const msg = e instanceof AppError ? `[${e.code}] ${e.message}` : e instanceof Error ? e.message : String(e);
  process.stderr.write(`启动失败：${msg}\n`);
  process.exit(1);
});
