// Connector health for operators: each connector with its last run, and a connector's run log.
import { Injectable } from '@nestjs/common';
import { DomainError } from '../common/domain-error.js';
import { ConnectorsRepository } from './connectors.repository.js';

@Injectable()
export class ConnectorsService {
  constructor(private readonly connectors: ConnectorsRepository) {}

  async list() {
    const list = await this.connectors.listWithLastRun();
    return list.map(({ config: _config, ...c }) => c);
  }

  async runs(id: string, limit = 50) {
    if (!(await this.connectors.find(id))) throw DomainError.notFound('connector', id);
    return this.connectors.runs(id, limit);
  }
}
