// POST /api/ingest (DESIGN §10): a source system pushes a batch with its connector's API key.
// 200 even when some values are rejected (they are listed, and kept in the run log); 400 only
// when the body itself is malformed; 401 without a valid key.
import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/public.decorator.js';
import { DomainError } from '../common/domain-error.js';
import { ConnectorsRepository } from './connectors.repository.js';
import { hashApiKey } from './api-key.js';
import { IngestionService } from '../ingestion/ingestion.service.js';
import { checkIngestBody, IngestBody } from './push.dto.js';

@ApiTags('ingestion')
@Controller('ingest')
export class PushController {
  constructor(
    private readonly connectors: ConnectorsRepository,
    private readonly ingestion: IngestionService,
  ) {}

  @Post()
  @Public()
  @HttpCode(200)
  @ApiHeader({ name: 'X-Api-Key', required: true, description: "the push connector's key" })
  @ApiBody({ type: IngestBody })
  // typed `unknown` so the global validation pipe leaves it alone: see checkIngestBody
  async ingest(@Headers('x-api-key') apiKey: string | undefined, @Body() body: unknown) {
    // the body first, as the validation pipe did before the handler ran
    const observations = checkIngestBody(body);
    if (!apiKey) throw new DomainError('unauthenticated', 'X-Api-Key header required');
    const connector = await this.connectors.findByKeyHash(hashApiKey(apiKey));
    if (!connector || connector.kind !== 'push' || !connector.enabled) {
      throw new DomainError('unauthenticated', 'unknown or disabled API key');
    }
    const runId = (await this.connectors.startRun(connector.id, 'push'))!;
    try {
      const result = await this.ingestion.ingest(observations, connector.id, runId);
      await this.connectors.finishRun(runId, { status: result.rejected.length ? 'partial' : 'ok', ...result });
      return {
        accepted: result.accepted,
        duplicates: result.duplicates,
        corrections: result.corrections,
        rejected: result.rejected,
        run: runId,
      };
    } catch (error) {
      await this.connectors.finishRun(runId, {
        status: 'failed',
        accepted: 0,
        duplicates: 0,
        corrections: 0,
        rejected: [],
        error: error instanceof Error ? error.message : String(error),
      });
      throw error;
    }
  }
}
