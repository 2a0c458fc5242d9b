import type { RegisterPetition } from '@xinfang/contract';
import { type Client, expectStatus } from './api.ts';

/** A valid registration body; override any field. */
export function registration(overrides: Partial<RegisterPetition> = {}): Record<string, unknown> {
  return {
    channel: 'visit',
    purpose: 'solution',
    regionCode: '410225001',
    petitioners: [
      {
        name: '张秀兰',
        idNumber: '11010519491231002X',
        phone: '13912345678',
        address: '兰考县城关镇裕禄大道12号',
      },
    ],
    content: '反映某建筑公司拖欠其在城关镇安置小区项目务工工资共计3.2万元，多次讨要未果，请求协调解决。',
    ...overrides,
  };
}

export type Registered = {
  id: string;
  caseNo: string;
  version: number;
  queryCode: string;
  querySecret: string;
};

export async function register(
  client: Client,
  overrides: Partial<RegisterPetition> = {},
): Promise<Registered> {
  return expectStatus(
    await client.post('/api/petitions', registration(overrides)),
    201,
  ) as unknown as Registered;
}

export type Detail = {
  id: string;
  state: string;
  version: number;
  stage: string | null;
  deadline: { dueOn: string; status: string; daysLeft: number } | null;
  timeline: Array<{
    action: string;
    fromState: string | null;
    toState: string | null;
    documentId: string | null;
    data: Record<string, unknown>;
  }>;
  documents: Array<{ id: string; kind: string; fileName: string }>;
  allowedCommands: string[];
  [key: string]: unknown;
};

export async function detail(client: Client, id: string): Promise<Detail> {
  return expectStatus(await client.get(`/api/petitions/${id}`), 200) as unknown as Detail;
}

/** Runs a lifecycle command with the petition's current version. */
export async function command(
  client: Client,
  id: string,
  path: string,
  body: Record<string, unknown> = {},
  status = 200,
): Promise<Record<string, unknown>> {
  const current = await detail(client, id);
  return expectStatus(
    await client.post(`/api/petitions/${id}/${path}`, { version: current.version, ...body }),
    status,
  );
}
