"""Factories registered in :mod:`kg.registry` for the diplomacy extractors (``kg.<name>.v1``)."""

from __future__ import annotations

from kg.extract._frames import FrameExtractor
from kg.extract.diplomacy.extractor import make_extractor

__all__ = [
    "make_accusation_extractor",
    "make_adoption_extractor",
    "make_agreement_extractor",
    "make_ceasefire_extractor",
    "make_negotiation_extractor",
    "make_proposal_extractor",
    "make_rejection_extractor",
    "make_veto_extractor",
]


def make_proposal_extractor() -> FrameExtractor:
    """``kg.proposal.v1``: proposals, demands, calls, drafts put forward."""
    return make_extractor("Proposal")


def make_rejection_extractor() -> FrameExtractor:
    """``kg.rejection.v1``: rejections of a proposal, plan or demand (vetoes are separate)."""
    return make_extractor("Rejection")


def make_veto_extractor() -> FrameExtractor:
    """``kg.veto.v1``: Security Council vetoes."""
    return make_extractor("Veto")


def make_adoption_extractor() -> FrameExtractor:
    """``kg.adoption.v1``: resolutions adopted by a vote."""
    return make_extractor("ResolutionAdoption")


def make_negotiation_extractor() -> FrameExtractor:
    """``kg.negotiation.v1``: talks, meetings, consultations, held or planned."""
    return make_extractor("Negotiation")


def make_agreement_extractor() -> FrameExtractor:
    """``kg.agreement.v1``: agreements reached or signed."""
    return make_extractor("Agreement")


def make_ceasefire_extractor() -> FrameExtractor:
    """``kg.ceasefire.v1``: truces declared, entering force, extended."""
    return make_extractor("Ceasefire")


def make_accusation_extractor() -> FrameExtractor:
    """``kg.accusation.v1``: a party accuses another."""
    return make_extractor("Accusation")
