"""What is no goal or duty of the organisation however it is worded: law quoted or paraphrased, a
definition, a goal of the state, a requirement on an outside party. `classify` reads these first."""
from __future__ import annotations

import re

# who a requirement binds that is no unit of the organisation: "Sponsorn ska …", "Den sökande skall …"
PARTY = re.compile(r"^((en|ett|den|de|alla|varje)\s+)?\w*(sponsor|sponsorn|sponsorer|sponsorerna|sökande|sökanden|"
                   r"förening|föreningen|föreningar|föreningarna|organisation|organisationen|organisationer|"
                   r"organisationerna|leverantör|leverantören|leverantörer|leverantörerna|entreprenör|entreprenören|"
                   r"entreprenörer|entreprenörerna|utförare|utföraren|utförarna|konsult|konsulten|konsulter|"
                   r"konsulterna|anbudsgivare|anbudsgivaren|arrangör|arrangören|arrangörer|arrangörerna|hyresgäst|"
                   r"hyresgästen|hyresgäster|hyresgästerna|fastighetsägare|fastighetsägaren|fastighetsägarna|"
                   r"exploatör|exploatören|exploatörer|byggherre|byggherren|byggherrar|vårdnadshavare|"
                   r"vårdnadshavaren|vårdnadshavarna|avtalspart|avtalsparten|tillståndshavare|tillståndshavaren|"
                   r"arrendator|arrendatorn|arrendatorer|arrendatorerna|företagshälsovård|företagshälsovården)\b"
                   r"|^(den|de|var och en) som (vill|önskar|söker|ansöker|begär)\b", re.IGNORECASE)
# a word that ends as a law's name but names none: "förfrågningsunderlagen", "förslagen", "anslagen"
NOT_A_LAW = r"(?!\w*(underlag|förslag|anslag|upplag|avslag|utslag|beslag|inslag|påslag)en\b)"
LAW = re.compile(r"^(enligt|i enlighet med|av)\b.*(lag|lagen|förordning|förordningen|balken|konvention|"
                 r"konventionen|direktiv|föreskrift|föreskrifter|föreskrifterna|artikel)|"
                 rf"\b{NOT_A_LAW}\w*(lagen|förordningen|balken)\s+(kräver|ställer|säger|anger|föreskriver)|"
                 rf"\bkrav (i|enligt) {NOT_A_LAW}\w*(lagen|förordningen|balken|lagstiftningen)\b|"
                 r"\b\d+ kap\. (\d+ § )?\w*(lagen|balken)\b|"
                 rf"\bföljer av {NOT_A_LAW}\w*(lagen|balken|förordningen)\b|"  # "Ansvaret följer av arbetsmiljölagen"
                 r"^enligt (\w+ )?(överenskommelsen|överenskommelse|avtalet)\b",
                 re.IGNORECASE)
# "… ska rektorn enligt skollagen se till …": the law's duty; "… ska fullgöra uppgifter enligt lagen": the task's reference
BY_LAW = re.compile(rf"\benligt (\d+ kap\. )?(\d+ § )?([\w-]+ ){{0,2}}{NOT_A_LAW}(lag|lagen|\w+lagen|\w+förordningen|\w+balken|"
                    r"regeringsformen)\b",
                    re.IGNORECASE)
# "lagen (2018:1937)", "föreskrifterna (SOSFS 2015:10)": law when cited before the duty, not in the task
SFS = re.compile(r"\((?:[A-ZÅÄÖ-]{2,8}FS\s*)?\d{4}:\d+\)")
# "Enligt LEH skall …", "Enligt SoL …", "Enligt 9 kap. 27 § PBL ska …"
LAW_BY_NAME = re.compile(r"^(Enligt|I enlighet med) (\d+ kap\. )?(\d+ (\w )?§ )?[A-ZÅÄÖ]{2,6}\b")
# a goal of the state or of a national strategy, quoted as background
OTHERS_GOAL = re.compile(r"^(regeringens|riksdagens|eu:s|statens|fn:s|sveriges|länsstyrelsens|den nationella|"
                         r"de nationella|nationella|en nationell)\b.*\b(mål|målen|målet|målsättning|målsättningarna|vision)\b", re.IGNORECASE)
# "Med X avses …", "Delegering innebär att …", "Palliativ vård avser vård som …" (no "ska"): not a clause's "… som
# innebär en hög risk", "… vad den innebär"
DEFINITION = re.compile(r"\b(avses|menas|definieras)\b|^(?!.*\b(ska|skall)\b)(\S+\s+){1,8}avser\b(?! att)|^(?!.*\b(ska|skall)\b.*\b(innebär|betyder)\b)(\S+\s+){1,6}"
                        r"(innebär|betyder)\b", re.IGNORECASE)
