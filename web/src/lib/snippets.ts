/** The exact request as code: curl, `reelgate/client` and the `openai` SDK. */
import type { StoryboardShotParams, StudioCreateParams } from '../api/types.ts';

export type ApiRequest =
  | { kind: 'generation'; params: StudioCreateParams }
  | { kind: 'storyboard'; shots: StoryboardShotParams[]; model?: string; size?: string; resolution?: string }
  | { kind: 'remix'; videoId: string; prompt: string };

export interface Snippets {
  curl: string;
  client: string;
  openai: string | undefined;
}

const q = (value: unknown) => JSON.stringify(value);

/** The body sent on the wire (snake_case), as reelgate's API reads it. */
export function wireBody(request: ApiRequest): Record<string, unknown> {
  if (request.kind === 'remix') return { prompt: request.prompt };
  if (request.kind === 'storyboard')
    return {
      shots: request.shots.map((shot) => ({
        prompt: shot.prompt,
        duration: shot.duration,
        ...(shot.assets?.length ? { assets: shot.assets } : {}),
      })),
      ...(request.model ? { model: request.model } : {}),
      ...(request.size ? { size: request.size } : {}),
      ...(request.resolution ? { resolution: request.resolution } : {}),
    };
  const { prompt, model, size, resolution, duration, seed, generateAudio, fps, negativePrompt } =
    request.params;
  return {
    prompt,
    ...(model ? { model } : {}),
    ...(size ? { size } : {}),
    ...(resolution ? { resolution } : {}),
    ...(duration !== undefined ? { duration } : {}),
    ...(negativePrompt ? { negative_prompt: negativePrompt } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(generateAudio !== undefined ? { generate_audio: generateAudio } : {}),
    ...(fps !== undefined ? { fps } : {}),
    ...(request.params.assets?.length ? { assets: request.params.assets } : {}),
  };
}

function path(request: ApiRequest): string {
  if (request.kind === 'remix') return `/v1/videos/${request.videoId}/remix`;
  return request.kind === 'storyboard' ? '/v1/storyboards' : '/v1/generations';
}

export function snippets(request: ApiRequest, baseUrl: string): Snippets {
  const body = wireBody(request);
  const curl = [
    `curl -X POST ${baseUrl}${path(request)} \\`,
    '  -H "Authorization: Bearer $REELGATE_API_KEY" \\',
    '  -H "Content-Type: application/json" \\',
    `  -d '${JSON.stringify(body, null, 2).replaceAll("'", "'\\''")}'`,
  ].join('\n');
  const setup = [
    "import { ReelgateClient } from 'reelgate/client';",
    '',
    `const client = new ReelgateClient({ baseUrl: ${q(baseUrl)}, apiKey: process.env.REELGATE_API_KEY });`,
  ];
  let call: string;
  if (request.kind === 'generation') {
    const { prompt, model, size, resolution, duration, seed, generateAudio, fps, negativePrompt } =
      request.params;
    const fields = [
      `  prompt: ${q(prompt)},`,
      model ? `  model: ${q(model)},` : '',
      size ? `  size: ${q(size)},` : '',
      resolution ? `  resolution: ${q(resolution)},` : '',
      duration !== undefined ? `  duration: ${duration},` : '',
      negativePrompt ? `  negativePrompt: ${q(negativePrompt)},` : '',
      seed !== undefined ? `  seed: ${seed},` : '',
      generateAudio !== undefined ? `  generateAudio: ${generateAudio},` : '',
      fps !== undefined ? `  fps: ${fps},` : '',
      request.params.assets?.length ? `  assets: ${q(request.params.assets)},` : '',
    ].filter(Boolean);
    call = ['const generation = await client.create({', ...fields, '});'].join('\n');
  } else if (request.kind === 'storyboard') {
    call = [
      'const generation = await client.createStoryboard({',
      '  shots: [',
      ...request.shots.map(
        (shot) =>
          `    { prompt: ${q(shot.prompt)}, duration: ${shot.duration}${shot.assets?.length ? `, assets: ${q(shot.assets)}` : ''} },`,
      ),
      '  ],',
      request.model ? `  model: ${q(request.model)},` : '',
      request.size ? `  size: ${q(request.size)},` : '',
      '});',
    ]
      .filter(Boolean)
      .join('\n');
  } else {
    call = `const remix = await client.remix(${q(request.videoId)}, ${q(request.prompt)});\nconst generation = await client.get(remix.id);`;
  }
  const client = [
    ...setup,
    call,
    'const done = await client.wait(generation.id, { onProgress: (g) => console.log(g.status, g.progress) });',
    'console.log(done.video?.url); // permanent link, plays in <video src>',
  ].join('\n');
  return { curl, client, openai: openaiSnippet(request, baseUrl) };
}

function openaiSnippet(request: ApiRequest, baseUrl: string): string | undefined {
  const header = [
    "import OpenAI from 'openai';",
    '',
    `const openai = new OpenAI({ apiKey: process.env.REELGATE_API_KEY, baseURL: ${q(`${baseUrl}/v1`)} });`,
  ];
  if (request.kind === 'storyboard') return undefined;
  if (request.kind === 'remix')
    return [
      ...header,
      `const video = await openai.videos.remix(${q(request.videoId)}, { prompt: ${q(request.prompt)} });`,
    ].join('\n');
  const { prompt, model, size, duration } = request.params;
  const fields = [
    `  prompt: ${q(prompt)},`,
    model ? `  model: ${q(model)},` : '',
    size ? `  size: ${q(size)},` : '',
    duration !== undefined ? `  seconds: ${q(String(duration))},` : '',
    ...(request.params.assets?.length
      ? [
          '  // @ts-expect-error reelgate extension: reference images',
          `  assets: ${q(request.params.assets)},`,
        ]
      : []),
  ].filter(Boolean);
  return [
    ...header,
    'let video = await openai.videos.create({',
    ...fields,
    '});',
    "while (video.status === 'queued' || video.status === 'in_progress') {",
    '  await new Promise((resolve) => setTimeout(resolve, 2000));',
    '  video = await openai.videos.retrieve(video.id);',
    '}',
    'const content = await openai.videos.downloadContent(video.id); // the MP4',
  ].join('\n');
}
