/** A download name people recognise: the prompt's first words, not an id. */
export function downloadName(prompt: string, id: string, extension = 'mp4'): string {
  const slug = prompt
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .split('-')
    .slice(0, 8)
    .join('-')
    .slice(0, 60)
    .replace(/-+$/, '');
  return `${slug || `video-${id.slice(-8)}`}.${extension}`;
}
