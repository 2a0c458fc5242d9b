import type { FastifyInstance } from 'fastify';

const PAGE = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>xinfang 信访事项管理平台</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:720px;margin:4rem auto;padding:0 1rem;color:#222}a{color:#1677ff}</style>
</head><body>
<h1>xinfang 信访事项管理平台</h1>
<p>服务运行正常。工作台与网上信访页面将在后续版本提供；当前可通过接口使用全部功能。</p>
<ul><li><a href="/api/docs">接口文档（OpenAPI）</a></li><li><a href="/api/health">运行状态</a></li></ul>
</body></html>`;

/** A plain start page until the web workbench arrives. */
export function landingRoute(app: FastifyInstance): void {
  app.get('/', { schema: { hide: true } }, async (_req, reply) =>
    reply.type('text/html; charset=utf-8').send(PAGE),
  );
}
