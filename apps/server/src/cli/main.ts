import { Command } from 'commander';
import { redactMessage } from '../http/log-redaction.ts';
import { registerCommands } from './commands.ts';

const program = new Command();
program
  .name('xinfang')
  .description('xinfang 信访事项管理平台 — 命令行工具')
  .showHelpAfterError('（使用 xinfang help 查看全部命令）');
registerCommands(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  console.error(`错误：${redactMessage(error instanceof Error ? error.message : String(error))}`);
  process.exitCode = 1;
}
