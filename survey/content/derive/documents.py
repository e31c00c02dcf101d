"""The kinds of steering document, and how a text speaks of itself or of another document: every stage
of derive recognises "Policyn ska …", "En plan ska tas fram …" and "revideras" with these."""
from __future__ import annotations

import re

# the kinds of steering document, with their definite and plural endings (one list for every stage)
DOCUMENT_STEM = (r"(policy|program|plan|strategi|riktlinje|reglemente|direktiv|instruktion|rutin|handbok|vägledning|"
                 r"dokument|ordning|regel|regler|reglerna)")
DOCUMENT_WORD = rf"{DOCUMENT_STEM}(n|en|et|er|erna|r|rna|t|met|ar|arna)?"
# the document speaking of itself: "Denna plan ska …", "Policyn gäller …", "Jämställdhetspolicy ska …";
# a plural without a determiner is other documents ("Rutiner för … ska tas fram av …")
DOCUMENT = re.compile(rf"^((denna|detta|den här|dessa|vår|kommunens|regionens|stadens) \w*{DOCUMENT_WORD}"
                      rf"|\w*{DOCUMENT_STEM}(n|en|et|erna|rna|t|met|arna)?)\b", re.IGNORECASE)
# a kind of document, not the document itself: "En policy ska vara kortfattad", "Varje styrdokument ska ha …"
KIND_OF_DOCUMENT = re.compile(rf"^(en|ett|varje|alla|samtliga|nya)( \w+)? \w*{DOCUMENT_WORD}$", re.IGNORECASE)
DOCUMENT_NAMED = re.compile(r"\b(policyn|programmet|riktlinjerna|riktlinjen|planen|strategin|dokumentet|"
                            r"styrdokumentet|reglementet|handlingsplanen|rutinen|instruktionen|direktivet|ägardirektivet|"
                            r"vägledningen|handboken)\b", re.IGNORECASE)
FOLLOW_OR_REVISE = re.compile(r"\b(följas upp|följs upp|utvärderas|revideras|ses över|aktualitetsprövas|"
                              r"uppdateras|redovisas)\b|^(uppföljning|utvärdering|revidering|översyn)", re.IGNORECASE)
KEPT_CURRENT = re.compile(r"\b(hålls aktuell|hålls uppdaterad|revideras|ses över|uppdateras|aktualitetsprövas|se över|"
                          r"revidera|uppdatera|aktualitetspröva|(om)?pröva (denna |den här )?\w*(policyn|programmet|"
                          r"riktlinjerna|riktlinjen|planen|strategin|instruktionen|reglementet|rutinen))\b",
                          re.IGNORECASE)
