import { Injectable, OnModuleInit, SetMetadata } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

const PROPOSAL_READER_SOURCE = 'proposal-reader-source';

/** A module whose people read proposals without being on their team (the reviews module: a proposal's reviewers). */
export interface ProposalReaderSource {
  /** The accounts that may read the proposal and its attachments. */
  readersOf(proposalId: string): Promise<string[]>;
}

/** Registers a provider as a source of proposal readers. */
export const ReadsProposals = () => SetMetadata(PROPOSAL_READER_SOURCE, true);

/**
 * The readers of a proposal beyond its team and its agencies, from every source found at start-up; so that proposals
 * depend on no module that grants reading (reviews depends on proposals, not the other way round).
 */
@Injectable()
export class ProposalReaders implements OnModuleInit {
  private sources: ProposalReaderSource[] = [];

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    this.sources = this.discovery
      .getProviders()
      .filter((wrapper) => wrapper.metatype && wrapper.instance && Reflect.getMetadata(PROPOSAL_READER_SOURCE, wrapper.metatype))
      .map((wrapper) => wrapper.instance as ProposalReaderSource);
  }

  /** One source after the other: in a transaction they share its connection, which runs one query at a time. */
  async of(proposalId: string): Promise<string[]> {
    const readers: string[] = [];
    for (const source of this.sources) readers.push(...(await source.readersOf(proposalId)));
    return readers;
  }
}
