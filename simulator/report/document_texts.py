"""Every word of the decision document (beslutsunderlag), in Swedish (``sv``) and English (``en``).

The document follows the Swedish tjänsteskrivelse: förslag till beslut, sammanfattning,
ärendebeskrivning, ekonomiska konsekvenser, fördelningsnyckel, risker, bilagor. Entries have a
stable id, ``doc.group.name``, and are filled with ``str.format`` as
:func:`simulator.report.texts.text` fills the report's catalogue; what that catalogue already
words (key sentences, uncertainty sentences, the cost of leaving) is read from it, not repeated
here.

>>> document_text("doc.heading.proposals", "en")
'Proposed decision'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Final

from simulator.report.texts import LANGUAGES

__all__ = ["DOCUMENT", "document_text", "month_name"]

_MONTHS: Final = {
    "sv": (
        "januari februari mars april maj juni juli augusti september oktober november december"
    ).split(),
    "en": (
        "January February March April May June July August September October November December"
    ).split(),
}

DOCUMENT: Final[Mapping[str, Mapping[str, str]]] = {
    # --- the title block and the letterhead -------------------------------------------------------
    "doc.kind": {"sv": "Tjänsteskrivelse", "en": "Officer's report"},
    "doc.title": {"sv": "Beslutsunderlag: {title}", "en": "Decision document: {title}"},
    "doc.sender": {
        "sv": "Kommunledningskontoren i {members}",
        "en": "The chief executive's offices of {members}",
    },
    "doc.label.date": {"sv": "Datum", "en": "Date"},
    "doc.label.reference": {"sv": "Diarienummer", "en": "Reference"},
    "doc.label.scenario": {"sv": "Underlag", "en": "Basis"},
    "doc.scenario": {
        "sv": "samverkan, scenario {id} ({file})",
        "en": "samverkan, scenario {id} ({file})",
    },
    "doc.reference.blank": {"sv": "(fylls i av registrator)", "en": "(to be filled in)"},
    "doc.footer": {"sv": "Beslutsunderlag – {title}", "en": "Decision document – {title}"},
    # --- headings ---------------------------------------------------------------------------------
    "doc.heading.proposals": {"sv": "Förslag till beslut", "en": "Proposed decision"},
    "doc.heading.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "doc.heading.background": {
        "sv": "Ärendebeskrivning och bakgrund",
        "en": "Description of the matter and background",
    },
    "doc.heading.economics": {"sv": "Ekonomiska konsekvenser", "en": "Financial consequences"},
    "doc.heading.key": {"sv": "Fördelningsnyckel", "en": "Cost-sharing key"},
    "doc.heading.risks": {"sv": "Risker och känslighet", "en": "Risks and sensitivity"},
    "doc.heading.appendices": {"sv": "Bilagor", "en": "Appendices"},
    "doc.heading.charts": {"sv": "Bilaga 1. Diagram", "en": "Appendix 1. Charts"},
    "doc.heading.assumptions": {
        "sv": "Bilaga 2. Antaganden och källor",
        "en": "Appendix 2. Assumptions and sources",
    },
    "doc.heading.method": {"sv": "Bilaga 3. Metod", "en": "Appendix 3. Method"},
    "doc.heading.per_service": {"sv": "Per tjänst", "en": "By service"},
    "doc.heading.per_member": {"sv": "Per kommun", "en": "By municipality"},
    "doc.heading.treasurer": {
        "sv": "Så tillämpas nyckeln",
        "en": "How the key is applied",
    },
    "doc.heading.alternatives": {
        "sv": "Alternativ som prövats",
        "en": "Alternatives considered",
    },
    "doc.heading.core": {"sv": "Kärnkontrollen", "en": "The core check"},
    "doc.heading.uncertainty": {"sv": "Hur säkra är vi?", "en": "How sure are we?"},
    "doc.heading.leaving": {"sv": "Vad kostar det att lämna?", "en": "What does leaving cost?"},
    # --- förslag till beslut ----------------------------------------------------------------------
    "doc.proposals.intro": {
        "sv": "Kommunstyrelsen föreslås besluta:",
        "en": "The municipal executive board is asked to decide:",
    },
    "doc.proposal.share": {
        "sv": "{members} driver {service} gemensamt från och med {start}, med {host} som "
        "värdkommun. {key}",
        "en": "{members} run {service} together from {start}, hosted by {host}. {key}",
    },
    "doc.proposal.distributed": {"sv": "{sites} (delad placering)", "en": "{sites} (shared sites)"},
    "doc.proposal.not_share": {
        "sv": "{service} ingår inte i samverkan: tillsammans kostar {service_lower} {amount} mer i "
        "nuvärde {first}–{last} än om varje kommun fortsätter på egen hand.",
        "en": "{service} is left out of the cooperation: shared it would cost {amount} more in "
        "present value {first}–{last} than each municipality running its own.",
    },
    "doc.proposal.steering": {
        "sv": "Varje kommun utser {reps} ledamöter till en gemensam styrgrupp som möts {meetings} "
        "gånger om året och årligen redovisar samverkan till kommunstyrelserna; varje kommun "
        "bär kostnaden för sina egna ledamöter.",
        "en": "Each municipality appoints {reps} members to a joint steering group that meets "
        "{meetings} times a year and reports on the cooperation to the executive boards every "
        "year; each municipality bears the cost of its own members.",
    },
    "doc.proposal.agreement": {
        "sv": "Samverkan regleras i ett avtal med {notice} månaders uppsägningstid; en kommun som "
        "lämnar betalar sin andel av de engångskostnader som ännu inte är avskrivna (linjärt på "
        "{write_off} år).",
        "en": "The cooperation is governed by an agreement with {notice} months' notice; a "
        "municipality that leaves pays its share of the one-off costs not yet written off "
        "(evenly over {write_off} years).",
    },
    "doc.proposal.condition": {
        "sv": "Beslutet gäller under förutsättning att fullmäktige i {members} fattar "
        "likalydande beslut.",
        "en": "The decision is conditional on the councils of {members} taking the same decision.",
    },
    # --- sammanfattning ---------------------------------------------------------------------------
    "doc.summary.cost": {
        "sv": "I dag kostar tjänsterna i förstudien {members} sammanlagt {alone} per år; i "
        "samverkan kostar de {shared}, {saving} mindre ({year}, efter personalavgångar).",
        "en": "Today the services of the study cost {members} {alone} a year in all; shared they "
        "cost {shared}, {saving} less ({year}, after attrition).",
    },
    "doc.summary.members": {
        "sv": "Med de föreslagna fördelningsnycklarna sparar {each} i nuvärde {first}–{last}, "
        "efter engångskostnaderna; den gemensamma styrningen kostar därtill {steering}.",
        "en": "Under the proposed keys {each} save in present value {first}–{last}, after the "
        "one-off costs; the joint steering costs {steering} on top.",
    },
    "doc.summary.member": {"sv": "{name} {amount}", "en": "{name} {amount}"},
    "doc.summary.payback": {
        "sv": "Engångskostnaderna på {one_off} har betalat sig {payback}{after}, och "
        "nettobesparingen för hela gruppen är {npv} i nuvärde {first}–{last}.",
        "en": "The one-off costs of {one_off} are paid back in {payback}{after}, and the net "
        "saving of the whole group is {npv} in present value {first}–{last}.",
    },
    "doc.summary.after_start": {
        "sv": ", {years} år efter att den första gemensamma driften startar",
        "en": ", {years} years after the first shared operation starts",
    },
    "doc.summary.no_payback": {
        "sv": "Engångskostnaderna på {one_off} har inte betalat sig före {last}; "
        "nettobesparingen för hela gruppen är {npv} i nuvärde {first}–{last}.",
        "en": "The one-off costs of {one_off} are not paid back before {last}; the net saving of "
        "the whole group is {npv} in present value {first}–{last}.",
    },
    "doc.summary.no_uncertainty": {
        "sv": "Osäkerhetsanalysen ingår inte i detta underlag (den körs med samverkan document "
        "utan --draws 0, eller med samverkan uncertainty).",
        "en": "The uncertainty analysis is not part of this document (it runs with samverkan "
        "document without --draws 0, or with samverkan uncertainty).",
    },
    # --- ärendebeskrivning ------------------------------------------------------------------------
    "doc.background.matter": {
        "sv": "{members} har i en förstudie prövat att driva {services} gemensamt. Underlaget "
        "visar vad tjänsterna kostar i dag och i samverkan, hur kostnaden kan fördelas och hur "
        "säkert resultatet är.",
        "en": "{members} have studied running {services} together. This document shows what the "
        "services cost today and shared, how the cost can be shared, and how sure the result "
        "is.",
    },
    "doc.background.decision": {
        "sv": "Beslutet att utreda samverkan fattades i {decision}.",
        "en": "The decision to study the cooperation was taken in {decision}.",
    },
    "doc.background.period": {
        "sv": "Kalkylen omfattar åren {first}–{last}. {prices}. Framtida belopp räknas om till "
        "nuvärde med diskonteringsräntan {rate} per år.",
        "en": "The calculation covers {first}–{last}. {prices}. Future amounts are discounted at "
        "{rate} a year.",
    },
    "doc.background.existing": {
        "sv": "{services} drivs redan gemensamt; den ingår i kalkylen till dagens kostnad och ger "
        "ingen ny besparing.",
        "en": "{services} is already shared; it is part of the calculation at today's cost and "
        "brings no new saving.",
    },
    "doc.background.sources": {
        "sv": "Underlaget bygger på scenariofilen {file} med {count} parametrar och "
        "inställningar, var och en med värde, enhet, rimligt intervall och källa (bilaga 2); "
        "{assumed} av dem är antaganden eller uppskattningar. Befolkning och antal anställda "
        "kommer från {data}, med källa och status (verifierad eller uppskattad) på varje rad.",
        "en": "The document rests on the scenario file {file} with {count} parameters and "
        "settings, each with value, unit, plausible range and source (appendix 2); {assumed} of "
        "them are assumptions or estimates. Population and employees come from {data}, with a "
        "source and a status (verified or estimate) on every row.",
    },
    "doc.background.timeline": {
        "sv": "Tidplan och värdkommun per tjänst",
        "en": "Timeline and host by service",
    },
    "doc.background.facts": {
        "sv": "Kommunerna {first} och {last}",
        "en": "The municipalities in {first} and {last}",
    },
    "doc.col.population": {"sv": "Invånare {year}", "en": "Inhabitants {year}"},
    "doc.col.employees": {"sv": "Anställda {year}", "en": "Employees {year}"},
    "doc.col.start": {"sv": "Gemensam drift från", "en": "Shared from"},
    "doc.col.host": {"sv": "Värdkommun", "en": "Host"},
    "doc.col.preparation": {"sv": "Förberedelse (mån.)", "en": "Preparation (months)"},
    "doc.col.double": {"sv": "Dubbeldrift (mån.)", "en": "Double running (months)"},
    # --- ekonomiska konsekvenser ------------------------------------------------------------------
    "doc.economics.intro": {
        "sv": "Tabellerna visar kostnaden var för sig (som i dag) och i samverkan. Årsbeloppen "
        "avser {year}, det sista året i kalkylen; engångskostnaderna (projekt, migrering, "
        "utbildning, dubbeldrift, arbetsplatser) är summerade över {first}–{last}; nuvärdet är "
        "nettobesparingen efter engångskostnader, diskonterad med {rate}.",
        "en": "The tables show the cost alone (as today) and shared. Annual amounts are for "
        "{year}, the last year of the calculation; one-off costs (project, migration, training, "
        "double running, workplaces) are summed over {first}–{last}; the present value is the "
        "net saving after one-off costs, discounted at {rate}.",
    },
    "doc.economics.members": {
        "sv": "Per kommun räknas besparingen med de föreslagna nycklarna för de tjänster som "
        "föreslås för samverkan. Den gemensamma styrningen ({steering} i nuvärde) bärs av "
        "kommunerna för egna ledamöter och ingår inte i tabellen; med den blir "
        "nettobesparingen för hela gruppen {npv}. Årsarbetare är de anställda som arbetar i "
        "kommunen i de föreslagna tjänsterna, i dag och {year}.",
        "en": "By municipality, the saving is counted under the proposed keys of the services "
        "proposed for sharing. The joint steering ({steering} in present value) is borne by the "
        "municipalities for their own members and is not in the table; with it, the whole "
        "group's net saving is {npv}. FTE are the staff working in the municipality in the "
        "proposed services, today and in {year}.",
    },
    "doc.economics.sources": {
        "sv": "Besparingen {year} ({total}) kommer främst från {top}. {policy} ({share}) kommer "
        "från avrundning av tjänster och minimibemanning, bemanningsregler snarare än arbete "
        "som försvinner.",
        "en": "The saving in {year} ({total}) comes mostly from {top}. {policy} ({share}) comes "
        "from rounding of posts and minimum staffing: staffing rules rather than work that "
        "goes away.",
    },
    "doc.economics.source_part": {"sv": "{mechanism} ({amount})", "en": "{mechanism} ({amount})"},
    "doc.economics.figures": {
        "sv": "Diagrammen i bilaga 1 visar kostnaden per tjänst, besparingen år för år och var "
        "jobben finns (figur {figures}).",
        "en": "The charts in appendix 1 show the cost by service, the saving year by year and "
        "where the jobs are (figures {figures}).",
    },
    "doc.table.per_service": {
        "sv": "Kostnad och besparing per tjänst",
        "en": "Cost and saving by service",
    },
    "doc.table.per_member": {
        "sv": "Besparing per kommun med de föreslagna nycklarna",
        "en": "Saving by municipality under the proposed keys",
    },
    "doc.col.alone_year": {"sv": "Var för sig {year}", "en": "Alone {year}"},
    "doc.col.shared_year": {"sv": "Tillsammans {year}", "en": "Shared {year}"},
    "doc.col.saving_year": {"sv": "Besparing {year}", "en": "Saving {year}"},
    "doc.col.one_off": {"sv": "Engångs­kostnader", "en": "One-off costs"},
    "doc.col.npv": {"sv": "Nuvärde {first}–{last}", "en": "Present value {first}–{last}"},
    "doc.col.payback": {"sv": "Åter­betalning", "en": "Payback"},
    "doc.col.alone_npv": {"sv": "Kostnad ensam, nuvärde", "en": "Cost alone, present value"},
    "doc.col.key_npv": {"sv": "Kostnad med nyckel, nuvärde", "en": "Cost under key, PV"},
    "doc.col.saving_npv": {"sv": "Besparing, nuvärde", "en": "Saving, present value"},
    "doc.col.saving_pct": {"sv": "Besparing (%)", "en": "Saving (%)"},
    "doc.col.fte_today": {"sv": "Årsarb. i dag", "en": "FTE today"},
    "doc.col.fte_shared": {"sv": "Årsarb. {year}", "en": "FTE {year}"},
    "doc.never": {"sv": "efter {last}", "en": "after {last}"},
    "doc.none": {"sv": "–", "en": "–"},
    # --- fördelningsnyckel ------------------------------------------------------------------------
    "doc.key.intro": {
        "sv": "Varje tjänst får en egen fördelningsnyckel av ett slag som kommuner brukar avtala: "
        "lika delar, en prislista (fast avgift per kommun och pris per volym), en vägd blandning "
        "av fördelningsgrunder som kan följas upp år för år (lika delar, invånare, anställda och "
        "tjänstens egen volym, i steg om {step}), kommunernas egen kostnad året före starten "
        "(fryst) eller fasta andelar som skrivs in i avtalet. Den första av dessa som gör att "
        "ingen kommun och ingen grupp av kommuner betalar mer än den skulle kosta på egen hand, "
        "varje år som tjänsten drivs gemensamt och i nuvärde, föreslås; inom varje slag väljs "
        "den nyckel som ligger närmast {objective}. Där osäkerheten prövats föreslås den som "
        "håller i flest av de dragna utfallen.",
        "en": "Each service gets its own key of a kind municipalities usually agree: equal "
        "shares, a price list (a fixed fee per municipality and a price per volume), a weighted "
        "blend of drivers that can be followed year by year (equal shares, inhabitants, "
        "employees and the service's own volume, in steps of {step}), each municipality's own "
        "cost in the year before the start (frozen) or fixed percentages written into the "
        "agreement. The first of these under which no municipality and no group of "
        "municipalities pays more than it would cost on its own, in every year of shared "
        "operation and in present value, is proposed; within each kind the key closest to "
        "{objective} is chosen. Where the uncertainty has been drawn, the one that holds in most "
        "of the draws is proposed.",
    },
    "doc.objective.nucleolus": {
        "sv": "nukleolus (den fördelning som gör den mest missgynnade gruppen så nöjd som möjligt)",
        "en": "the nucleolus (the allocation that leaves the worst-off group as well off as "
        "possible)",
    },
    "doc.objective.shapley": {
        "sv": "Shapleyvärdet (varje kommuns genomsnittliga bidrag till besparingen)",
        "en": "the Shapley value (each municipality's average contribution to the saving)",
    },
    "doc.objective.even_savings": {
        "sv": "lika stor procentuell besparing för alla",
        "en": "equal relative savings for all",
    },
    "doc.objective.simplicity": {
        "sv": "den enklaste nyckeln (minst antal fördelningsgrunder)",
        "en": "the simplest key (fewest drivers)",
    },
    "doc.key.apply": {
        "sv": "Ekonomen räknar varje år om andelarna med årets siffror: kommunens andel = summan "
        "av vikt × kommunens andel av fördelningsgrunden. Tabellerna visar vikterna, "
        "andelarna {year} (första året med gemensam drift hela året) och fördelningsgrunderna "
        "samma år.",
        "en": "The treasurer recomputes the shares each year from that year's figures: a "
        "municipality's share = the sum of weight × its share of the driver. The tables show "
        "the weights, the shares in {year} (the first year of shared operation all year) and "
        "the drivers in that year.",
    },
    "doc.key.example": {
        "sv": "Exempel, {service} {year}: {name} betalar {terms} = {share} av kostnaden, {amount}.",
        "en": "Example, {service} {year}: {name} pays {terms} = {share} of the cost, {amount}.",
    },
    "doc.key.term": {"sv": "{weight} × {part}", "en": "{weight} × {part}"},
    "doc.table.weights": {"sv": "Nyckelns vikter per tjänst", "en": "The key's weights by service"},
    "doc.table.shares": {
        "sv": "Andel av kostnaden och belopp per kommun {year}",
        "en": "Share of the cost and amount by municipality, {year}",
    },
    "doc.table.drivers": {"sv": "Fördelningsgrunder {year}", "en": "Drivers in {year}"},
    "doc.col.volume": {"sv": "Tjänstens volym", "en": "Service volume"},
    "doc.col.fixed": {"sv": "Fast eller historisk andel", "en": "Fixed or historic share"},
    "doc.table.schedule": {
        "sv": "Fasta andelar per år: {service}",
        "en": "Fixed percentages by year: {service}",
    },
    "doc.col.driver": {"sv": "Fördelningsgrund", "en": "Driver"},
    "doc.driver.standalone": {
        "sv": "Kostnad ensam: {service}",
        "en": "Cost alone: {service}",
    },
    "doc.driver.volume": {"sv": "{label} ({service})", "en": "{label} ({service})"},
    "doc.key.alternatives": {
        "sv": "Varje fördelningsgrund ensam har också prövats. Tabellen visar om den håller "
        "alla kommuner och grupper skadeslösa varje år och i nuvärde, och annars den största "
        "merkostnaden för en grupp. En enda grund räcker sällan: lika delar lastar de små "
        "kommunerna, invånare och anställda bortser från att kostnaden ensam skiljer sig per "
        "invånare, och egen kostnad ger alla samma procentuella besparing oavsett vem som "
        "bidrar mest till den.",
        "en": "Each driver alone was tried too. The table shows whether it keeps every "
        "municipality and group no worse off than alone in every year and in present value, "
        "and otherwise the largest extra cost for a group. One driver is rarely enough: equal "
        "shares burden the small municipalities, inhabitants and employees ignore that the "
        "cost alone differs per inhabitant, and own cost gives everyone the same relative "
        "saving whoever contributes most to it.",
    },
    "doc.table.alternatives": {
        "sv": "Håller en enda fördelningsgrund? Största merkostnad för en grupp inom parentes",
        "en": "Does one driver alone hold? Largest extra cost for a group in brackets",
    },
    "doc.key.holds": {"sv": "ja", "en": "yes"},
    "doc.key.fails": {"sv": "nej ({amount})", "en": "no ({amount})"},
    "doc.key.proposed": {"sv": "Föreslagen nyckel", "en": "Proposed key"},
    "doc.core.explain": {
        "sv": "Kärnkontrollen prövar varje år och nuvärdet: betalar någon av de {groups} "
        "möjliga grupperna av kommuner (varje kommun ensam, varje par och så vidare) mer med "
        "nyckeln än gruppen skulle kosta om den samverkade på egen hand? Om inte ligger nyckeln "
        "i kärnan och ingen har skäl att lämna.",
        "en": "The core check asks, for every year and the present value: does any of the "
        "{groups} possible groups of municipalities (each alone, each pair and so on) pay more "
        "under the key than the group would cost sharing on its own? If none does, the key "
        "lies in the core and no one has a reason to leave.",
    },
    "doc.core.all": {
        "sv": "Nycklarna för alla {count} tjänster klarar kontrollen.",
        "en": "The keys of all {count} services pass the check.",
    },
    "doc.core.some": {
        "sv": "Nycklarna för {passed} av {count} tjänster klarar kontrollen. För {failed} finns "
        "ingen nyckel av detta slag som håller alla skadeslösa; den föreslagna gör den största "
        "merkostnaden så liten som möjligt (se meningarna ovan).",
        "en": "The keys of {passed} of {count} services pass the check. For {failed} no key of "
        "this kind keeps everyone no worse off; the proposed one makes the largest extra cost "
        "as small as it can (see the sentences above).",
    },
    # --- risker och känslighet --------------------------------------------------------------------
    "doc.risks.tornado": {
        "sv": "De antaganden resultatet hänger mest på, ett i taget vid sitt lägsta och högsta "
        "rimliga värde (övriga vid sina värden; figur {figure}):",
        "en": "The assumptions the result hangs on most, one at a time at its lowest and "
        "highest plausible value (the others at their values; figure {figure}):",
    },
    "doc.table.tornado": {
        "sv": "Nettobesparingens nuvärde {first}–{last} när ett antagande i taget ändras",
        "en": "Present value of the net saving {first}–{last} with one assumption at a time",
    },
    "doc.col.assumption": {"sv": "Antagande", "en": "Assumption"},
    "doc.col.range": {"sv": "Rimligt intervall", "en": "Plausible range"},
    "doc.col.npv_low": {"sv": "Nuvärde vid lägsta", "en": "PV at lowest"},
    "doc.col.npv_high": {"sv": "Nuvärde vid högsta", "en": "PV at highest"},
    "doc.risks.none": {
        "sv": "Utan osäkerhetsanalysen visar underlaget inte hur känsligt resultatet är; "
        "antagandena och deras rimliga intervall står i bilaga 2.",
        "en": "Without the uncertainty analysis the document does not show how sensitive the "
        "result is; the assumptions and their plausible ranges are in appendix 2.",
    },
    "doc.risks.total_key": {
        "sv": "Sannolikheterna per kommun gäller en gemensam nyckel för hela avtalet: {key}",
        "en": "The probabilities by municipality are for one key for the whole agreement: {key}",
    },
    "doc.table.leaving": {
        "sv": "Kostnad för att lämna samverkan (alla tjänster)",
        "en": "Cost of leaving the cooperation (all services)",
    },
    # --- bilagor ----------------------------------------------------------------------------------
    "doc.word.figure": {"sv": "Figur", "en": "Figure"},
    "doc.word.table": {"sv": "Tabell", "en": "Table"},
    "doc.caption.cost_by_service": {
        "sv": "Kostnad per år {year} per tjänst och kostnadsslag, var för sig och tillsammans.",
        "en": "Annual cost {year} by service and component, alone and shared.",
    },
    "doc.caption.waterfall": {
        "sv": "Från kostnaden var för sig till kostnaden tillsammans {year}, tjänst för tjänst.",
        "en": "From the cost alone to the cost shared in {year}, service by service.",
    },
    "doc.caption.waterfall_first_year": {
        "sv": "Som figuren ovan, för det första året med engångskostnaderna.",
        "en": "As the figure above, for the first year with the one-off costs.",
    },
    "doc.caption.savings": {
        "sv": "Nettobesparing år för år efter engångskostnader, ackumulerad och i nuvärde.",
        "en": "Net saving year by year after one-off costs, cumulative and in present value.",
    },
    "doc.caption.allocation": {
        "sv": "Vem betalar vad med olika fördelningsmetoder, hela avtalet i nuvärde.",
        "en": "Who pays what under each allocation method, the whole agreement in present value.",
    },
    "doc.caption.core": {
        "sv": "Kärnan: de fördelningar där ingen kommun eller grupp betalar mer än på egen hand.",
        "en": "The core: allocations in which no municipality or group pays more than alone.",
    },
    "doc.caption.service_level": {
        "sv": "{service}: andel samtal som besvaras i tid per antal agenter, var för sig och "
        "tillsammans.",
        "en": "{service}: share of calls answered in time by agents on duty, alone and shared.",
    },
    "doc.caption.saving_sources": {
        "sv": "Varifrån besparingen {year} kommer, mekanism för mekanism.",
        "en": "Where the saving in {year} comes from, mechanism by mechanism.",
    },
    "doc.caption.jobs": {
        "sv": "Årsarbetare som arbetar i varje kommun i dag och i samverkan {year}.",
        "en": "FTE working in each municipality today and shared, {year}.",
    },
    "doc.caption.uncertainty_fan": {
        "sv": "Nettobesparing per år i {draws} dragna framtider: median, hälften och 9 fall av 10.",
        "en": "Annual net saving in {draws} drawn futures: median, half and 9 cases out of 10.",
    },
    "doc.caption.uncertainty_tornado": {
        "sv": "Nuvärdet med ett antagande i taget vid sitt lägsta och högsta rimliga värde.",
        "en": "The present value with one assumption at a time at its lowest and highest value.",
    },
    "doc.caption.uncertainty_probability": {
        "sv": "Andel av {draws} framtider där varje kommun sparar, med nyckeln för hela avtalet "
        "och med Shapleyvärdet.",
        "en": "Share of {draws} futures in which each municipality saves, under the whole "
        "agreement's key and the Shapley value.",
    },
    "doc.assumptions.intro": {
        "sv": "Alla parametrar och inställningar som kalkylen använder, med värde, enhet, "
        "rimligt intervall och källa (källorna som i scenariofilen). Antaganden är märkta.",
        "en": "Every parameter and setting the calculation uses, with value, unit, plausible "
        "range and source (the sources as in the scenario file). Assumptions are marked.",
    },
    "doc.table.assumptions": {
        "sv": "Antaganden, värden och källor",
        "en": "Assumptions, values and sources",
    },
    "doc.list_separator": {"sv": "; ", "en": ", "},
    "doc.assumptions.same": {"sv": "som ovan", "en": "as above"},
    "doc.assumptions.assumed": {"sv": "antagande", "en": "assumption"},
    "doc.block.economics": {"sv": "Ekonomi", "en": "Economics"},
    "doc.block.sharing": {"sv": "Styrning och samordning", "en": "Steering and coordination"},
    "doc.method": {
        "sv": "Modellen räknar för varje tjänst arbetsvolym → bemanning → kostnad, för varje "
        "kommun ensam och för varje möjlig grupp av kommuner ({groups} grupper), år för år "
        "{first}–{last}.\n"
        "Arbetsvolymen drivs av kommunernas invånare och anställda (lönespecifikationer, samtal, "
        "ärenden, upphandlingar, konsultationer). Köbundna tjänster (växel, IT-servicedesk) "
        "bemannas med Erlang C per halvtimme för en servicenivå; övriga med timmar per "
        "ärende. Tjänster avrundas till steg om {step} årsarbetare, med minimibemanning där "
        "kontinuiteten kräver det; personalen minskar genom avgångar ({attrition} per år) och "
        "omplacering, inte genom uppsägningar.\n"
        "Samverkan kostar också: styrgrupp, avtal, resor mellan orterna och engångskostnader "
        "för projekt, migrering, utbildning och dubbeldrift. Därför lönar sig inte alltid den "
        "största gruppen.\n"
        "Kostnaden för varje grupp bildar ett kostnadsspel. Fördelningsmetoderna (lika delar, "
        "efter invånare och andra grunder, Shapleyvärdet, nukleolus m.fl.) prövas mot kärnan: "
        "ingen kommun eller grupp ska betala mer än på egen hand. Nyckeloptimeringen väljer "
        "vikter på fördelningsgrunder i steg om {key_step} med blandad heltalsprogrammering.\n"
        "Besparing, engångskostnader, återbetalningsår och nuvärde (diskonteringsränta {rate}) "
        "räknas för hela gruppen och per kommun. Osäkerheten prövas genom att dra framtider ur "
        "varje antagandes rimliga intervall (PERT-fördelning) och köra hela modellen för var "
        "och en; policyval som servicenivå och minimibemanning hålls fasta. Samma scenario och "
        "frö ger samma resultat.",
        "en": "For each service the model computes workload → staffing → cost, for each "
        "municipality alone and for every possible group of them ({groups} groups), year by "
        "year {first}–{last}.\n"
        "Workload is driven by the municipalities' inhabitants and employees (payslips, calls, "
        "tickets, procurements, consultations). Queueing services (switchboard, IT service "
        "desk) are staffed with Erlang C per half hour for a service level; the others with "
        "hours per case. Posts are rounded to steps of {step} FTE, with minimum staffing where "
        "continuity needs it; staff fall through attrition ({attrition} a year) and "
        "redeployment, not dismissals.\n"
        "Sharing also costs: a steering group, agreements, travel between the towns and one-off "
        "costs for project, migration, training and double running. So the largest group does "
        "not always pay.\n"
        "The cost of each group forms a cost game. The allocation methods (equal shares, by "
        "inhabitants and other drivers, the Shapley value, the nucleolus and others) are "
        "checked against the core: no municipality or group should pay more than alone. The key "
        "optimiser chooses weights on drivers in steps of {key_step} by mixed-integer "
        "programming.\n"
        "Saving, one-off costs, payback year and present value (discount rate {rate}) are "
        "computed for the whole group and by municipality. Uncertainty is tried by drawing "
        "futures from each assumption's plausible range (PERT distribution) and running the "
        "whole model for each; policy choices such as service levels and minimum staffing stay "
        "fixed. The same scenario and seed give the same results.",
    },
    "doc.pdf.missing": {
        "sv": "Ingen PDF: LibreOffice (soffice) finns inte. Installera LibreOffice och kör "
        "soffice --headless --convert-to pdf {file}, eller öppna filen i Word och spara som PDF.",
        "en": "No PDF: LibreOffice (soffice) is not installed. Install LibreOffice and run "
        "soffice --headless --convert-to pdf {file}, or open the file in Word and save as PDF.",
    },
}
"""id → {language → text}."""


def document_text(key: str, lang: str, /, **values: object) -> str:
    """The document text ``key`` in ``lang``, placeholders filled from ``values``.

    Raises
    ------
    KeyError
        for an id not in :data:`DOCUMENT` (naming the closest one)
    ValueError
        for a language other than ``sv`` and ``en``
    """
    entry = DOCUMENT.get(key)
    if entry is None:
        close = difflib.get_close_matches(key, DOCUMENT, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"no document text {key!r}{hint}")
    if lang not in LANGUAGES:
        raise ValueError(f"no report language {lang!r}; the languages are {', '.join(LANGUAGES)}")
    return entry[lang].format(**values)


def month_name(month: int, lang: str) -> str:
    """``1`` → ``januari`` (sv) / ``January`` (en)."""
    return _MONTHS[lang][month - 1]
