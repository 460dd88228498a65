/**
 * The hospital's slip template, kept in the data directory (`<data_dir>/templates/slip.html`).
 * Saving validates first (shared/slip/slip-template: size, placeholders, no script, no external
 * URL) and writes through a temporary file and a rename, so a bad or half-written template never
 * replaces the one in use. Without a saved template the product's default is used.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../shared/errors/app-error';
import {
  DEFAULT_SLIP_TEMPLATE,
  MAX_SLIP_TEMPLATE_CHARS,
  SLIP_PLACEHOLDERS,
  slipTemplateProblems,
  type SlipTemplateView,
} from '../../shared/slip/slip-template';

export class SlipTemplateStore {
  private readonly file: string;

  constructor(dataDir: string) {
    this.file = join(dataDir, 'templates', 'slip.html');
  }

  /** The saved template, or the default (also when the saved file became invalid: the slip must print). */
  async view(): Promise<SlipTemplateView> {
    let text: string | null = null;
    try {
      text = await readFile(this.file, 'utf8');
    } catch {
      text = null;
    }
    const usable = text !== null && text.length <= MAX_SLIP_TEMPLATE_CHARS && slipTemplateProblems(text).length === 0;
    return { template: usable ? (text ?? '') : DEFAULT_SLIP_TEMPLATE, custom: usable, placeholders: SLIP_PLACEHOLDERS };
  }

  /** Validates and saves; SLIP_TEMPLATE_INVALID lists the problems and leaves the old template in place. */
  async save(template: string): Promise<SlipTemplateView> {
    const problems = slipTemplateProblems(template);
    if (problems.length > 0) throw new AppError('SLIP_TEMPLATE_INVALID', { detail: { field: 'template', problems } });
    await mkdir(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.tmp`;
    await writeFile(tmp, template, 'utf8');
    await rename(tmp, this.file);
    return this.view();
  }

  /** Back to the product's default template. */
  async reset(): Promise<SlipTemplateView> {
    await rm(this.file, { force: true });
    return this.view();
  }
}
