"""Every word the reports print, in Swedish (``sv``) and English (``en``): one catalogue and one
lookup.

Each entry has a stable id, ``group.name``, and its text in both languages; placeholders such as
``{year}`` are filled by :func:`text` with ``str.format``. The groups:

``word``, ``unit``
    small words and money units shared by several parts of the report
``method``
    allocation methods (``method.shapley`` → ``Shapleyvärdet``)
``column``
    short headings of the tidy tables' columns, for reading (notebook views, summary.md)
``sheet``, ``header``
    sheet names and column headers (with units) of report.xlsx
``summary``
    summary.md and the console summary
``key``
    the proposed keys in words, for decision documents
``chart``
    titles, labels and notes of the charts
``period``, ``kind``, ``objective``, ``block``, ``value``, ``measure``
    codes in the tables' cells, in words (``npv`` → ``Nuvärde``, ``running`` → ``Löpande``)
``unitword``
    the words of units (``h/payslip`` → ``h/lönespecifikation``)
``workbook``
    the summary sheet of report.xlsx

What the services declare (service titles, driver labels and phrases, cost components) is not here:
it is read from the declarations by :mod:`simulator.engine.catalogue`.

>>> text("summary.per_member", "en", first=2014, last=2021)
'Who pays what? Present value 2014–2021, all services'
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Final

__all__ = ["LANGUAGES", "CATALOGUE", "UnknownText", "text", "group"]

LANGUAGES: Final = ("sv", "en")
"""The report languages, in the order every entry gives them."""

CATALOGUE: Final[Mapping[str, Mapping[str, str]]] = {
    # --- small words and units --------------------------------------------------------------------
    "word.yes": {"sv": "ja", "en": "yes"},
    "word.no": {"sv": "nej", "en": "no"},
    "unit.sek": {"sv": "kr", "en": "SEK"},
    "unit.tkr": {"sv": "tkr", "en": "kSEK"},
    "unit.mnkr": {"sv": "mnkr", "en": "MSEK"},
    # --- allocation methods -----------------------------------------------------------------------
    "method.equal": {"sv": "Lika delar", "en": "Equal shares"},
    "method.standalone": {"sv": "Efter egen kostnad", "en": "By own cost"},
    "method.equal_savings": {"sv": "Lika besparing", "en": "Equal savings"},
    "method.shapley": {"sv": "Shapleyvärdet", "en": "Shapley value"},
    "method.nucleolus": {"sv": "Nukleolus", "en": "Nucleolus"},
    "method.per_capita_nucleolus": {"sv": "Nukleolus per invånare", "en": "Per-capita nucleolus"},
    "method.least_core": {"sv": "Minsta kärnan", "en": "Least core"},
    "method.scrb": {"sv": "SCRB (separabla kostnader)", "en": "SCRB"},
    "method.agreed": {"sv": "Överenskommen nyckel", "en": "Agreed key"},
    "method.proposed_key": {"sv": "Föreslagen nyckel", "en": "Proposed key"},
    "method.proportional": {"sv": "Efter {driver}", "en": "By {driver}"},
    # --- column headings for reading (notebook views, summary.md) ---------------------------------
    "column.service": {"sv": "Tjänst", "en": "Service"},
    "column.method": {"sv": "Metod", "en": "Method"},
    "column.municipality": {"sv": "Kommun", "en": "Municipality"},
    "column.scenario": {"sv": "Scenario", "en": "Scenario"},
    "column.coalition": {"sv": "Grupp", "en": "Group"},
    "column.size": {"sv": "Antal kommuner", "en": "Members"},
    "column.alone_sek": {"sv": "Var för sig", "en": "Alone"},
    "column.cost_sek": {"sv": "Kostnad", "en": "Cost"},
    "column.standalone_sek": {"sv": "Kostnad ensam", "en": "Cost alone"},
    "column.shared_sek": {"sv": "Tillsammans", "en": "Shared"},
    "column.saving_sek": {"sv": "Besparing", "en": "Saving"},
    "column.saving_pct": {"sv": "Besparing (%)", "en": "Saving (%)"},
    "column.in_core": {"sv": "I kärnan", "en": "In the core"},
    "column.fte_alone": {"sv": "Årsarb. var för sig", "en": "FTE alone"},
    "column.fte_shared": {"sv": "Årsarb. tillsammans", "en": "FTE shared"},
    "column.lowest_sek": {"sv": "Lägst", "en": "Lowest"},
    "column.highest_sek": {"sv": "Högst", "en": "Highest"},
    "column.width_sek": {"sv": "Förhandlingsutrymme", "en": "Room to negotiate"},
    "column.title": {"sv": "Titel", "en": "Title"},
    "column.municipalities": {"sv": "Kommuner", "en": "Municipalities"},
    "column.years": {"sv": "År", "en": "Years"},
    "column.npv_net_saving_sek": {
        "sv": "Nettobesparing, nuvärde",
        "en": "Net saving, present value",
    },
    "column.one_off_sek": {"sv": "Engångskostnader", "en": "One-off costs"},
    "column.payback": {"sv": "Återbetalningsår", "en": "Payback year"},
    "column.measure": {"sv": "Mått", "en": "Measure"},
    "column.unit": {"sv": "Enhet", "en": "Unit"},
    "column.year": {"sv": "År", "en": "Year"},
    "column.net_saving_sek": {"sv": "Nettobesparing", "en": "Net saving"},
    "column.cumulative_net_saving_sek": {
        "sv": "Ackumulerad nettobesparing",
        "en": "Cumulative net saving",
    },
    "column.discounted_saving_sek": {
        "sv": "Nettobesparing, nuvärde",
        "en": "Net saving, present value",
    },
    "column.driver": {"sv": "Drivare", "en": "Driver"},
    "column.key": {"sv": "Nyckel", "en": "Key"},
    "column.in_core_all_years": {"sv": "I kärnan alla år", "en": "In the core every year"},
    "column.worst_excess_sek": {
        "sv": "Största merkostnad för en grupp",
        "en": "Largest extra cost for a group",
    },
    "column.worst_year": {"sv": "År", "en": "Year"},
    "column.objecting_coalition": {"sv": "Grupp som invänder", "en": "Objecting group"},
    "column.distance_to_nucleolus_sek": {
        "sv": "Avstånd till nukleolus",
        "en": "Distance to nucleolus",
    },
    "column.distance_to_nucleolus_pct": {"sv": "Avstånd (%)", "en": "Distance (%)"},
    "column.saving_spread_pct": {
        "sv": "Spridning i besparing (procentenheter)",
        "en": "Spread of savings (percentage points)",
    },
    "column.without_sek": {"sv": "Utan prisvinst", "en": "Without price gain"},
    "column.with_sek": {"sv": "Med prisvinst", "en": "With price gain"},
    # --- report.xlsx: sheet names and column headers -------------------------------------------
    "sheet.costs": {"sv": "Kostnader", "en": "Costs"},
    "sheet.staffing": {"sv": "Bemanning", "en": "Staffing"},
    "sheet.workload": {"sv": "Arbetsvolym", "en": "Workload"},
    "sheet.game": {"sv": "Spel", "en": "Game"},
    "sheet.structures": {"sv": "Vem med vem", "en": "Who with whom"},
    "header.structures.rank": {"sv": "Rang", "en": "Rank"},
    "header.structures.block": {"sv": "Grupp nr", "en": "Group no."},
    "header.structures.members": {"sv": "Medlemmar", "en": "Members"},
    "header.structures.cost_sek": {"sv": "Gruppens kostnad (kr)", "en": "Group's cost (SEK)"},
    "header.structures.saving_sek": {
        "sv": "Gruppens besparing (kr)",
        "en": "Group's saving (SEK)",
    },
    "header.structures.structure_cost_sek": {
        "sv": "Indelningens kostnad (kr)",
        "en": "Division's cost (SEK)",
    },
    "header.structures.extra_cost_sek": {
        "sv": "Merkostnad mot bästa (kr)",
        "en": "Extra cost against the best (SEK)",
    },
    "header.structures.stable": {"sv": "Stabil", "en": "Stable"},
    "header.structures.least_gain_member": {"sv": "Vinner minst", "en": "Gains least"},
    "header.structures.least_gain_pct": {"sv": "Dess vinst (%)", "en": "Its gain (%)"},
    "sheet.projection": {"sv": "Prognos", "en": "Projection"},
    "sheet.allocations": {"sv": "Fördelning", "en": "Allocations"},
    "sheet.keys": {"sv": "Nycklar", "en": "Keys"},
    "sheet.key_comparison": {"sv": "Nyckeljämförelse", "en": "Key comparison"},
    "sheet.key_tradeoff": {"sv": "Enkelhet", "en": "Simplicity"},
    "sheet.assumptions": {"sv": "Antaganden", "en": "Assumptions"},
    "sheet.jobs": {"sv": "Jobb per kommun", "en": "Jobs"},
    "header.jobs.fte": {"sv": "Årsarbetare som arbetar där", "en": "FTE working there"},
    "header.scenario": {"sv": "Scenario", "en": "Scenario"},
    "header.year": {"sv": "År", "en": "Year"},
    "header.service": {"sv": "Tjänst", "en": "Service"},
    "header.coalition": {"sv": "Kommuner (grupp)", "en": "Coalition"},
    "header.component": {"sv": "Kostnadsslag", "en": "Component"},
    "header.kind": {"sv": "Typ", "en": "Kind"},
    "header.cost_sek": {"sv": "Kostnad (kr)", "en": "Cost (SEK)"},
    "header.fte": {"sv": "Årsarbetare, behov", "en": "FTE needed"},
    "header.fte_staffed": {"sv": "Årsarbetare, bemanning", "en": "FTE staffed"},
    "header.fte_employed": {"sv": "Årsarbetare, anställda", "en": "FTE employed"},
    "header.measure": {"sv": "Mått", "en": "Measure"},
    "header.value": {"sv": "Värde", "en": "Value"},
    "header.unit": {"sv": "Enhet", "en": "Unit"},
    "header.standalone_sek": {"sv": "Var för sig (kr)", "en": "Alone (SEK)"},
    "header.shared_sek": {"sv": "Tillsammans (kr)", "en": "Shared (SEK)"},
    "header.saving_sek": {"sv": "Besparing (kr)", "en": "Saving (SEK)"},
    "header.one_off_sek": {"sv": "Engångskostnad (kr)", "en": "One-off cost (SEK)"},
    "header.net_saving_sek": {"sv": "Nettobesparing (kr)", "en": "Net saving (SEK)"},
    "header.cumulative_net_saving_sek": {
        "sv": "Ackumulerad nettobesparing (kr)",
        "en": "Cumulative net saving (SEK)",
    },
    "header.discounted_saving_sek": {
        "sv": "Nuvärde av nettobesparing (kr)",
        "en": "Discounted net saving (SEK)",
    },
    "header.method": {"sv": "Metod", "en": "Method"},
    "header.municipality": {"sv": "Kommun", "en": "Municipality"},
    "header.saving_pct": {"sv": "Besparing (andel)", "en": "Saving (share)"},
    "header.in_core": {"sv": "I kärnan", "en": "In the core"},
    "header.block": {"sv": "Block", "en": "Block"},
    "header.name": {"sv": "Parameter", "en": "Parameter"},
    "header.low": {"sv": "Lägsta rimliga", "en": "Plausible low"},
    "header.high": {"sv": "Högsta rimliga", "en": "Plausible high"},
    "header.source": {"sv": "Källa", "en": "Source"},
    "header.origin": {"sv": "Satt av", "en": "Set by"},
    "header.description": {"sv": "Beskrivning", "en": "Description"},
    "header.within_declared_range": {
        "sv": "Inom modellens rimliga intervall",
        "en": "Within the model's plausible range",
    },
    "header.assumption": {"sv": "Antagande", "en": "Assumption"},
    # --- summary.md and the console summary ------------------------------------------------------
    "summary.members": {"sv": "Kommuner", "en": "Municipalities"},
    "summary.period": {"sv": "Period", "en": "Period"},
    "summary.prices": {
        "sv": "Löner och timkostnader i {year} års nivå, räknade fram med den reala "
        "löneutvecklingen; alla belopp i {base} års penningvärde",
        "en": "Salaries and hourly costs at {year} levels, carried forward with real wage "
        "growth; all amounts in {base} money",
    },
    "summary.npv": {
        "sv": "Nuvärde av nettobesparing {first}–{last} (diskonteringsränta {rate})",
        "en": "Net present value of net savings {first}–{last} (discount rate {rate})",
    },
    "summary.one_off": {"sv": "Engångskostnader för övergången", "en": "One-off transition costs"},
    "summary.never": {"sv": "ingen återbetalning före {last}", "en": "no payback before {last}"},
    "summary.after_start": {
        "sv": "({years} år efter att den första gemensamma driften startar {start})",
        "en": "({years} years after the first shared operation starts in {start})",
    },
    "summary.first_start": {
        "sv": "Åren före starten av gemensam drift bär dagens kostnader och förberedelserna; "
        "den första tjänsten startar {start}",
        "en": "The years before shared operation starts carry today's costs and the preparation; "
        "the first service starts in {start}",
    },
    "summary.timeline": {
        "sv": "Tidplan, värdkommun och var jobben finns",
        "en": "Timeline, host and where the jobs are",
    },
    "summary.timeline.start": {
        "sv": "gemensam drift från {start} (förberedelse {preparation} mån., "
        "dubbeldrift {double} mån.)",
        "en": "shared from {start} ({preparation} months' preparation, {double} of double running)",
    },
    "summary.timeline.base": {
        "sv": "gemensam drift från basåret {year} (ingen tidplan angiven)",
        "en": "shared from the base year {year} (no timeline given)",
    },
    "summary.timeline.host": {"sv": "värdkommun {host}", "en": "hosted by {host}"},
    "summary.timeline.largest": {
        "sv": "den största kommunen i varje grupp",
        "en": "the most populous member of each group",
    },
    "summary.timeline.jobs": {
        "sv": "Årsarbetare i varje kommun {year}, i dag → tillsammans: {moves}.",
        "en": "FTE working in each municipality in {year}, today → shared: {moves}.",
    },
    "summary.sources": {
        "sv": "Varifrån kommer besparingen? Hela gruppen {year}",
        "en": "Where does the saving come from? The whole group in {year}",
    },
    "summary.sources.mechanism": {"sv": "Mekanism", "en": "Mechanism"},
    "summary.sources.note": {
        "sv": "Nettobesparingen per mekanism, alla tjänster. Avrundning av tjänster och "
        "minimibemanning är bemanningsregler, inte arbete som försvinner: de står för {policy} "
        "({share}).",
        "en": "The net saving by mechanism, all services. Rounding of posts and minimum staffing "
        "are staffing rules, not work that goes away: they make {policy} ({share}).",
    },
    "summary.quality": {
        "sv": "Bättre service eller lägre kostnad?",
        "en": "Better service or lower cost?",
    },
    "summary.quality.within": {"sv": "inom {seconds} s", "en": "within {seconds} s"},
    "summary.quality.saves": {
        "sv": "{service}: i dag svarar {today}; tillsammans {shared} för alla. Samverkan höjer "
        "servicen och sparar ändå {amount} ({year}).",
        "en": "{service}: today {today}; shared {shared} for all. Sharing raises the service "
        "level and still saves {amount} ({year}).",
    },
    "summary.quality.costs": {
        "sv": "{service}: i dag svarar {today}; tillsammans {shared} för alla. Samverkan köper "
        "bättre service och kostar {amount} mer ({year}): en kvalitetsvinst, inte en besparing.",
        "en": "{service}: today {today}; shared {shared} for all. Sharing buys a better service "
        "level and costs {amount} more ({year}): a gain in quality, not a saving.",
    },
    "summary.violations": {
        "sv": "Kostar några grupper mer tillsammans än var för sig?",
        "en": "Do any groups cost more together than apart?",
    },
    "summary.violations.none": {
        "sv": "Nej: inga två grupper kostar mer än 1 % mer tillsammans än var för sig, i någon "
        "tjänst något år.",
        "en": "No: no two groups cost more than 1 % more together than apart, in any service "
        "or year.",
    },
    "summary.violations.note": {
        "sv": "Par av grupper som tillsammans kostar mer än 1 % mer än var för sig, med den "
        "mekanism som gör det (antal par inom parentes):",
        "en": "Pairs of groups that together cost more than 1 % more than apart, with the "
        "mechanism that makes it (number of pairs in brackets):",
    },
    "summary.violations.service": {
        "sv": "{service}: {count} par {first}–{last}, som mest {worst} av gruppens kostnad; "
        "skäl: {reasons}",
        "en": "{service}: {count} pairs {first}–{last}, at most {worst} of the group's cost; "
        "reasons: {reasons}",
    },
    "summary.exit": {"sv": "Vad kostar det att lämna?", "en": "What does leaving cost?"},
    "summary.exit.note": {
        "sv": "Om en kommun lämnar hela samverkan ett, två eller tre år efter starten (alla "
        "tjänster): dess andel av engångskostnaderna som ännu inte är avskrivna (linjärt på "
        "{write_off} år), och vad den är bunden att betala för driften under uppsägningstiden "
        "({notice} mån.) medan den bygger upp egen verksamhet igen. Andelen är kommunens andel "
        "av kostnaden var för sig; den avtalade nyckeln kan ge en annan.",
        "en": "If a municipality leaves the whole cooperation one, two or three years after the "
        "start (all services): its share of the one-off costs not yet written off (evenly over "
        "{write_off} years), and what it is bound to pay for running the service during the "
        "notice period ({notice} months) while it builds its own again. The share is its share "
        "of the cost alone; the agreed key may give another.",
    },
    "summary.exit.years": {"sv": "Lämnar efter (år)", "en": "Leaves after (years)"},
    "summary.exit.unwritten": {
        "sv": "Ej avskrivna engångskostnader",
        "en": "One-off not written off",
    },
    "summary.exit.notice": {
        "sv": "Drift under uppsägningstiden",
        "en": "Running cost during notice",
    },
    "summary.exit.total": {"sv": "Summa", "en": "Total"},
    "summary.per_member": {
        "sv": "Vem betalar vad? Nuvärde {first}–{last}, alla tjänster",
        "en": "Who pays what? Present value {first}–{last}, all services",
    },
    "summary.in_core": {"sv": "Ingen grupp förlorar?", "en": "No group loses?"},
    "summary.year": {
        "sv": "Årlig kostnad {year} (sista året, efter personalavgångar)",
        "en": "Annual cost {year} (last year, after attrition)",
    },
    "summary.price": {
        "sv": "Volymeffekt i upphandling: vem betalar vad med och utan prisvinsten "
        "(nuvärde, {method})",
        "en": "Volume price effect in procurement: who pays what with and without the price gain "
        "(present value, {method})",
    },
    "summary.price_note": {
        "sv": "Prisvinsten vid gemensam upphandling redovisas separat och ingår inte i "
        "kostnadsspelet om inte scenariot anger include_price_effect: true.",
        "en": "The price gain of joint procurement is reported apart and left out of the cost "
        "game unless the scenario sets include_price_effect: true.",
    },
    "summary.assumptions": {"sv": "Antaganden och parametrar", "en": "Assumptions and parameters"},
    "summary.range": {"sv": "Rimligt intervall", "en": "Plausible range"},
    "summary.flag": {"sv": "Antagande?", "en": "Assumption?"},
    "summary.outside": {
        "sv": "utanför modellens rimliga intervall",
        "en": "outside the model's plausible range",
    },
    # --- the proposed keys in words --------------------------------------------------------------
    "key.heading": {"sv": "Föreslagna fördelningsnycklar", "en": "Proposed cost-sharing keys"},
    "key.left_out": {
        "sv": "Nycklar föreslås inte i en körning med {n} kommuner ({groups} grupper): "
        "optimeraren löser för varje tjänst ett program med en rad per grupp, år och "
        "fördelningsgrund, och med så många grupper tar det minuter (en körning föreslår nycklar "
        "för högst {most} kommuner). `samverkan keys` föreslår dem för scenariot.",
        "en": "Keys are not proposed in a run of {n} municipalities ({groups} groups): for every "
        "service the optimiser solves a programme with a row per group, year and driver, which "
        "takes minutes with so many groups (a run proposes keys for at most {most} "
        "municipalities). `samverkan keys` proposes them for the scenario.",
    },
    "key.and": {"sv": "och", "en": "and"},
    "key.part": {"sv": "{weight} efter {phrase}", "en": "{weight} by {phrase}"},
    "key.first_part": {"sv": "{weight} efter {phrase}", "en": "{weight} is shared by {phrase}"},
    "key.only_equal": {
        "sv": "Kostnaden fördelas lika mellan kommunerna.",
        "en": "The cost is split equally between the municipalities.",
    },
    "key.single": {
        "sv": "Kostnaden fördelas efter {phrase}.",
        "en": "The cost is shared by {phrase}.",
    },
    "key.blend": {"sv": "Kostnaden fördelas {parts}.", "en": "The cost is shared {parts}."},
    "key.fixed": {
        "sv": "Av kostnaden fördelas {share} lika mellan kommunerna och {parts}.",
        "en": "{share} of the cost is split equally between the municipalities and {parts}.",
    },
    "key.fixed_many": {
        "sv": "Av kostnaden fördelas {share} lika mellan kommunerna, {parts}.",
        "en": "{share} of the cost is split equally between the municipalities, {parts}.",
    },
    "key.all": {
        "sv": "Alla kommuner och alla grupper av kommuner betalar {how} om de stod ensamma, "
        "{when}.",
        "en": "Every municipality and every group of municipalities pays {how} it would alone, "
        "{when}.",
    },
    "key.both": {
        "sv": "Båda kommunerna betalar {how} om de stod ensamma, {when}.",
        "en": "Both municipalities pay {how} they would alone, {when}.",
    },
    "key.less": {"sv": "mindre än", "en": "less than"},
    "key.no_more": {"sv": "inte mer än", "en": "no more than"},
    "key.every_year": {"sv": "varje år {span}", "en": "in every year {span}"},
    "key.year": {"sv": "år {span}", "en": "in {span}"},
    "key.in_year": {"sv": "{year}", "en": "in {year}"},
    "key.npv": {"sv": "i nuvärde", "en": "in present value"},
    "key.npv_over": {"sv": "i nuvärde över {span}", "en": "in present value over {span}"},
    "key.grid": {
        "sv": "Ingen nyckel i steg om {step} håller alla kommuner och grupper skadeslösa "
        "(med finare steg går det): {detail}",
        "en": "No key in steps of {step} keeps every municipality and group no worse off than "
        "alone (finer steps would): {detail}",
    },
    "key.drivers": {
        "sv": "Ingen blandning av dessa fördelningsgrunder håller alla kommuner och grupper "
        "skadeslösa: {detail}",
        "en": "No blend of these drivers keeps every municipality and group no worse off than "
        "alone: {detail}",
    },
    "key.empty": {
        "sv": "Ingen fördelning alls kan hålla alla kommuner och grupper skadeslösa {when} "
        "(kärnan är tom); nyckeln gör den största merkostnaden, räknad som andel av årets "
        "kostnad, så liten som möjligt: {detail}",
        "en": "No allocation at all can keep every municipality and group no worse off than "
        "alone {when} (the core is empty); the key makes the largest extra cost, as a share of "
        "the year's cost, as small as possible: {detail}",
    },
    "key.detail": {
        "sv": "{who} skulle betala {amount} mer än {alone} {when}.",
        "en": "{who} would pay {amount} more than {alone} {when}.",
    },
    "key.alone_one": {"sv": "ensam", "en": "alone"},
    "key.alone_many": {"sv": "ensamma", "en": "alone"},
    "key.agreed": {
        "sv": "{service}: den nyckel parterna redan avtalat ({shares}) behålls som förslag; "
        "{holds} Den nyckel som annars skulle föreslås ({other_key}) skulle ändra vad var och en "
        "betalar i nuvärde med {moves}.",
        "en": "{service}: the key the parties have already agreed ({shares}) is kept as the "
        "proposal; {holds} The key otherwise proposed ({other_key}) would change what each pays in "
        "present value by {moves}.",
    },
    "key.agreed.holds": {
        "sv": "den håller alla kommuner och grupper skadeslösa varje avtalsår.",
        "en": "it keeps every municipality and group no worse off in every agreement year.",
    },
    "key.agreed.fails": {
        "sv": "den håller inte alla kommuner och grupper skadeslösa varje avtalsår.",
        "en": "it does not keep every municipality and group no worse off in every agreement year.",
    },
    "key.merged": {
        "sv": "Fördelningsgrunder som ger varje kommun samma andel varje år är samma nyckel och "
        "vägs bara en gång (den andra utelämnas): {pairs}.",
        "en": "Drivers that give every municipality the same share in every year are the same "
        "key and are weighted once (the other is left out): {pairs}.",
    },
    "key.family.fixed": {
        "sv": "Kostnaden fördelas med fasta andelar: {shares}.",
        "en": "The cost is shared in fixed percentages: {shares}.",
    },
    "key.family.schedule": {
        "sv": "Kostnaden fördelas med fasta andelar per år som skrivs in i avtalet, {first}: "
        "{first_shares}; {last}: {last_shares} (alla år i tabellen över fasta andelar per år).",
        "en": "The cost is shared in fixed percentages per year written into the agreement, "
        "{first}: {first_shares}; {last}: {last_shares} (every year in the table of fixed "
        "percentages by year).",
    },
    "key.family.historic": {
        "sv": "Kostnaden fördelas efter kommunernas egen kostnad för tjänsten {year}, året före "
        "starten, fryst: {shares}.",
        "en": "The cost is shared by each municipality's own cost of the service in {year}, the "
        "year before the start, frozen: {shares}.",
    },
    "key.family.glide": {
        "sv": "Kostnaden fördelas första året efter kommunernas egen kostnad för tjänsten {year} "
        "({shares}) och glider under {glide} år över till nyckeln: {target}",
        "en": "In the first year the cost is shared by each municipality's own cost of the "
        "service in {year} ({shares}), gliding over {glide} years to the key: {target}",
    },
    "key.family.price_list": {
        "sv": "Som prislista {year}: en fast avgift på {fee} per kommun och {prices}.",
        "en": "As a price list for {year}: a fixed fee of {fee} per municipality and {prices}.",
    },
    "key.family.price_only": {
        "sv": "Som prislista {year}: {prices}.",
        "en": "As a price list for {year}: {prices}.",
    },
    "key.family.price": {"sv": "{price} gånger {phrase}", "en": "{price} times {phrase}"},
    "key.schedule.caption": {
        "sv": "Fasta andelar per år: {service}",
        "en": "Fixed percentages by year: {service}",
    },
    "key.price.fee": {"sv": "Fast avgift", "en": "Fixed fee"},
    "key.price.charge": {"sv": "Avgift för {label}", "en": "Charge for {label}"},
    "key.price.total": {"sv": "Att betala {year}", "en": "To pay in {year}"},
    "key.family.model": {
        "sv": "Egen kostnad ensam är en modellsiffra som ingen kan mäta efter samgåendet.",
        "en": "The own cost alone is a model figure nobody can measure after the merger.",
    },
    "key.odds": {
        "sv": "Över {draws} utfall av de osäkra antagandena håller nyckeln alla skadeslösa i "
        "{p_core} av utfallen och alla kommuner sparar i {p_save}; med {confidence} säkerhet "
        "håller den i minst {lower} av de framtider som inte dragits ({candidates} nycklar "
        "prövades; att kunna lova {target} kräver att nyckeln håller i vart och ett av minst "
        "{needed} utfall).",
        "en": "Over {draws} draws of the uncertain assumptions the key keeps everyone whole in "
        "{p_core} of the draws and every municipality saves in {p_save}; with {confidence} "
        "confidence it holds in at least {lower} of the futures not drawn ({candidates} keys "
        "were tried; promising {target} takes at least {needed} draws, the key holding in every "
        "one).",
    },
    "key.merged.as": {"sv": "ger samma andelar som", "en": "gives the same shares as"},
    "key.scaling": {
        "sv": "Där ingen nyckel håller alla skadeslösa väljs den som gör den största "
        "merkostnaden för någon kommun eller grupp så liten som möjligt, räknad som andel av "
        "hela samarbetets kostnad samma år (eller i nuvärde), så att åren blir jämförbara.",
        "en": "Where no key keeps everyone no worse off, the key chosen makes the largest extra "
        "cost of any municipality or group as small as possible, measured as a share of the "
        "whole cooperation's cost that year (or in present value), so that the years are "
        "comparable.",
    },
    # --- charts: shared labels -------------------------------------------------------------------
    "chart.source": {
        "sv": "Källa: samverkan, scenario {scenario}, {date}",
        "en": "Source: samverkan, scenario {scenario}, {date}",
    },
    "chart.alone": {"sv": "Var för sig", "en": "Alone"},
    "chart.shared": {"sv": "Tillsammans", "en": "Shared"},
    "chart.npv": {"sv": "nuvärde", "en": "present value"},
    "chart.npv_over": {"sv": "nuvärde {first}–{last}", "en": "present value {first}–{last}"},
    "chart.outside_core": {
        "sv": "* utanför kärnan: någon kommun eller grupp betalar mer än den skulle göra själv",
        "en": "* outside the core: some municipality or group pays more than it would alone",
    },
    # --- charts: costs and the waterfall ---------------------------------------------------------
    "chart.costs.members": {"sv": "{count} kommuner", "en": "{count} municipalities"},
    "chart.costs.subtitle": {
        "sv": "Kostnad per år {year} per tjänst och kostnadsslag: {who} var för sig och "
        "tillsammans",
        "en": "Annual cost {year} per service and component: {who} alone and shared",
    },
    "chart.costs.saves": {
        "sv": "Samverkan sparar {amount} per år {year}",
        "en": "Sharing saves {amount} a year in {year}",
    },
    "chart.costs.costs_more": {
        "sv": "Samverkan kostar {amount} mer per år {year}",
        "en": "Sharing costs {amount} more a year in {year}",
    },
    "chart.waterfall.lowers": {
        "sv": "Samverkan sänker kostnaden från {start} till {end} {year}",
        "en": "Sharing lowers the cost from {start} to {end} in {year}",
    },
    "chart.waterfall.raises": {
        "sv": "Samverkan höjer kostnaden från {start} till {end} {year}",
        "en": "Sharing raises the cost from {start} to {end} in {year}",
    },
    "chart.waterfall.subtitle": {
        "sv": "Årlig kostnad: förändring per tjänst vid samverkan (blått sänker, rött höjer)",
        "en": "Annual cost: change per service when shared (blue lowers, red raises)",
    },
    "chart.waterfall.subtitle_one_off": {
        "sv": "Årlig kostnad: förändring per tjänst vid samverkan (blått sänker, rött höjer); "
        "engångskostnader ingår",
        "en": "Annual cost: change per service when shared (blue lowers, red raises); "
        "one-off costs included",
    },
    "chart.waterfall.one_off": {"sv": "Övergång (engångskostnad)", "en": "Transition (one-off)"},
    "chart.waterfall.axis": {
        "sv": "Kostnad per år {year}, {unit}",
        "en": "Annual cost {year}, {unit}",
    },
    "chart.waterfall.axis_from": {
        "sv": "Kostnad per år {year}, {unit}, axeln börjar vid {start}",
        "en": "Annual cost {year}, {unit}, axis starts at {start}",
    },
    # --- charts: where the saving comes from -----------------------------------------------------
    "chart.sources.title": {
        "sv": "Varifrån kommer besparingen? {total} för hela gruppen {year}",
        "en": "Where does the saving come from? {total} for the whole group in {year}",
    },
    "chart.sources.subtitle": {
        "sv": "Nettobesparing per mekanism, alla tjänster; röd staple ökar kostnaden",
        "en": "Net saving by mechanism, all services; a red bar adds cost",
    },
    "chart.sources.artifacts": {
        "sv": "Nettobesparing per mekanism, alla tjänster; {share} kommer från avrundning och "
        "minimibemanning",
        "en": "Net saving by mechanism, all services; {share} comes from rounding and minimum "
        "staffing",
    },
    "chart.sources.total": {"sv": "Nettobesparing", "en": "Net saving"},
    "chart.sources.axis": {"sv": "Besparing {year}, {unit}", "en": "Saving {year}, {unit}"},
    "sheet.saving_sources": {"sv": "Besparingens källor", "en": "Saving sources"},
    "header.mechanism": {"sv": "Mekanism", "en": "Mechanism"},
    # --- charts: where the jobs are -------------------------------------------------------------
    "chart.jobs.title": {
        "sv": "Var finns jobben? {name}: {today} årsarbetare i dag, {shared} tillsammans ({year})",
        "en": "Where are the jobs? {name}: {today} FTE today, {shared} shared ({year})",
    },
    "chart.jobs.subtitle": {
        "sv": "Anställda som arbetar i varje kommun, alla tjänster: var för sig mot hela gruppen",
        "en": "Staff working in each municipality, all services: each alone against the group",
    },
    "chart.jobs.today": {"sv": "I dag (var för sig)", "en": "Today (alone)"},
    "chart.jobs.shared": {"sv": "Tillsammans", "en": "Shared"},
    "chart.jobs.axis": {"sv": "Årsarbetare", "en": "FTE"},
    # --- charts: savings over the years ----------------------------------------------------------
    "chart.savings.payback": {
        "sv": "Samverkan betalar sig {year} och ger {npv} i nuvärde {first}–{last}",
        "en": "Sharing pays back in {year}; present value {first}–{last}: {npv}",
    },
    "chart.savings.no_payback": {
        "sv": "Ingen återbetalning före {last} och ger {npv} i nuvärde {first}–{last}",
        "en": "No payback before {last}; present value {first}–{last}: {npv}",
    },
    "chart.savings.subtitle": {
        "sv": "Hela gruppen: kostnad var för sig minus kostnad tillsammans, efter engångskostnader",
        "en": "The whole group: cost alone less cost shared, after one-off costs",
    },
    "chart.savings.annual": {
        "sv": "Nettobesparing per år (efter engångskostnader)",
        "en": "Annual net saving (after one-off costs)",
    },
    "chart.savings.cumulative": {"sv": "Ackumulerad nettobesparing", "en": "Cumulative net saving"},
    "chart.savings.discounted": {"sv": "Ackumulerat nuvärde", "en": "Cumulative present value"},
    "chart.savings.year": {"sv": "Återbetalning {year}", "en": "Payback {year}"},
    # --- charts: queues (service level against agents; read by style.text) ---------------------
    "chart.agents": {"sv": "Agenter i tjänst", "en": "Agents on duty"},
    "chart.service_level": {"sv": "Servicenivå", "en": "Service level"},
    "chart.abandonment": {"sv": "Andel som lägger på", "en": "Share of callers hanging up"},
    "chart.target": {"sv": "Mål {share} inom {within} s", "en": "Target {share} within {within} s"},
    "chart.pooled": {"sv": "Alla tillsammans", "en": "All together"},
    "chart.queue_title": {
        "sv": "Tillsammans räcker {pooled} agenter vid toppbelastning i stället för {instead}",
        "en": "Pooled, {pooled} agents meet the target at peak instead of {instead}",
    },
    "chart.queue_subtitle": {
        "sv": "{title} {year}: andel samtal som besvaras inom {within} s vid toppbelastning, "
        "per antal agenter",
        "en": "{title} {year}: share of calls answered within {within} s at peak load, "
        "by agents on duty",
    },
    # --- charts: who pays what under each method -------------------------------------------------
    "chart.allocation.each": {
        "sv": "Föreslagen nyckel – besparing: {each}",
        "en": "Proposed key – saving: {each}",
    },
    "chart.allocation.range": {
        "sv": "Föreslagen nyckel: varje kommun sparar {low}–{high}",
        "en": "Proposed key: each municipality saves {low}–{high}",
    },
    "chart.allocation.all_in_core": {
        "sv": "Alla {count} fördelningsmetoder ligger i kärnan",
        "en": "All {count} allocation methods lie in the core",
    },
    "chart.allocation.some_in_core": {
        "sv": "{inside} av {count} fördelningsmetoder ligger i kärnan",
        "en": "{inside} of {count} allocation methods lie in the core",
    },
    "chart.allocation.subtitle": {
        "sv": "{service}, {period}: andel av kostnaden och besparing per kommun med olika "
        "fördelningsmetoder",
        "en": "{service}, {period}: share of the cost and saving per municipality under each "
        "method",
    },
    "chart.allocation.share_of_cost": {
        "sv": "Andel av gemensam kostnad",
        "en": "Share of the joint cost",
    },
    "chart.allocation.saving": {
        "sv": "Besparing mot att gå själv",
        "en": "Saving against going alone",
    },
    "chart.allocation.reference": {
        "sv": "Kostnad var för sig (ingen besparing)",
        "en": "Cost alone (no saving)",
    },
    # --- charts: the core -------------------------------------------------------------------------
    "chart.core.subtitle": {
        "sv": "{service}, {period}: kostnad per kommun med olika fördelningsmetoder",
        "en": "{service}, {period}: cost per municipality by method",
    },
    "chart.core.all_in_core": {
        "sv": "Alla {count} metoder ligger i kärnan",
        "en": "All {count} methods lie in the core",
    },
    "chart.core.some_in_core": {
        "sv": "{inside} av {count} metoder ligger i kärnan",
        "en": "{inside} of {count} methods lie in the core",
    },
    "chart.core.empty_pair": {
        "sv": "Kärnan är tom: tillsammans kostar mer än var för sig",
        "en": "The core is empty: sharing costs more than going alone",
    },
    "chart.core.empty_three": {
        "sv": "Kärnan är tom: ingen fördelning håller ihop alla tre",
        "en": "The core is empty: no allocation keeps all three together",
    },
    "chart.core.both_save": {
        "sv": "Båda sparar om {name} betalar mellan {low} och {high}",
        "en": "Both save if {name} pays between {low} and {high}",
    },
    "chart.core.acceptable": {
        "sv": "Det finns fördelningar som varje kommun och varje par accepterar",
        "en": "Some allocations are acceptable to every municipality and every pair",
    },
    "chart.core.core": {"sv": "Kärnan", "en": "Core"},
    "chart.core.note": {
        "sv": "Kärnan: fördelningar där ingen kommun eller grupp av kommuner betalar mer än den "
        "skulle göra på egen hand",
        "en": "Core: allocations in which no municipality or group of municipalities pays more "
        "than it would on its own",
    },
    "chart.core.no_saving": {"sv": "{name} sparar inget", "en": "{name} saves nothing"},
    "chart.core.pays": {"sv": "{name} betalar, {unit}", "en": "{name} pays, {unit}"},
    "chart.core.each_saves": {"sv": "Varje kommun sparar", "en": "Each municipality saves"},
    "chart.core.pair_saves_nothing": {"sv": "Ett par sparar inget", "en": "A pair saves nothing"},
    "chart.core.outside_view": {
        "sv": "{label} (utanför bilden)",
        "en": "{label} (outside the view)",
    },
    # --- uncertainty: sentences in the convention of fan charts, and their charts --------------
    "uncertainty.heading": {"sv": "Hur säkra är vi?", "en": "How sure are we?"},
    "uncertainty.method": {
        "sv": "{draws} framtider dragna ur varje antagandes rimliga intervall (PERT-fördelning, "
        "frö {seed}); politiska val som servicenivåer och minsta bemanning hålls fasta.",
        "en": "{draws} futures drawn from each assumption's plausible range (PERT distribution, "
        "seed {seed}); policy choices such as service levels and minimum staffing are held fixed.",
    },
    "uncertainty.range": {
        "sv": "I 9 fall av 10 hamnar nettobesparingen i nuvärde {first}–{last} mellan {low} och "
        "{high} (median {median}).",
        "en": "In 9 cases out of 10 the net saving in present value {first}–{last} lies between "
        "{low} and {high} (median {median}).",
    },
    "uncertainty.positive": {
        "sv": "Gruppen går med vinst i {k} av 100 framtider.",
        "en": "The group comes out ahead in {k} of 100 futures.",
    },
    "uncertainty.member": {
        "sv": "{name} sparar i {k} av 100 framtider med den föreslagna nyckeln.",
        "en": "{name} saves in {k} of 100 futures under the proposed key.",
    },
    "uncertainty.core": {
        "sv": "Den föreslagna nyckeln låter ingen kommun eller grupp betala mer än ensam i {k} av "
        "100 framtider.",
        "en": "The proposed key leaves no municipality or group paying more than alone in {k} of "
        "100 futures.",
    },
    "uncertainty.drivers": {
        "sv": "De fem antaganden resultatet hänger mest på (nuvärdet vid antagandets lägsta och "
        "högsta rimliga värde):",
        "en": "The five assumptions the result hangs on most (the present value at the "
        "assumption's lowest and highest plausible value):",
    },
    "uncertainty.driver": {
        "sv": "{parameter} ({low}–{high} {unit}): {npv_low} till {npv_high}",
        "en": "{parameter} ({low}–{high} {unit}): {npv_low} to {npv_high}",
    },
    "chart.fan.title": {
        "sv": "I 9 fall av 10 ligger nettobesparingen {year} mellan {low} och {high}",
        "en": "In 9 cases out of 10 the net saving in {year} lies between {low} and {high}",
    },
    "chart.fan.subtitle": {
        "sv": "Nettobesparing per år efter engångskostnader, {draws} dragna framtider",
        "en": "Annual net saving after one-off costs, {draws} drawn futures",
    },
    "chart.fan.outer": {"sv": "9 fall av 10", "en": "9 cases out of 10"},
    "chart.fan.inner": {"sv": "Hälften av fallen", "en": "Half of the cases"},
    "chart.fan.median": {"sv": "Median", "en": "Median"},
    "chart.tornado.title": {
        "sv": "Nettobesparingen hänger mest på {parameter}",
        "en": "The net saving hangs most on {parameter}",
    },
    "chart.tornado.subtitle": {
        "sv": "Nuvärde {first}–{last} med ett antagande i taget vid sitt lägsta och högsta "
        "rimliga värde",
        "en": "Present value {first}–{last} with one assumption at a time at its lowest and "
        "highest plausible value",
    },
    "chart.tornado.low": {"sv": "Lägsta värdet", "en": "Lowest value"},
    "chart.tornado.high": {"sv": "Högsta värdet", "en": "Highest value"},
    "chart.tornado.base": {"sv": "Grundantaganden", "en": "Base assumptions"},
    "chart.probability.title": {
        "sv": "Varje kommun sparar i minst {k} av 100 framtider med den föreslagna nyckeln",
        "en": "Every municipality saves in at least {k} of 100 futures under the proposed key",
    },
    "chart.probability.subtitle": {
        "sv": "Andel av {draws} dragna framtider där kommunen betalar mindre än ensam (nuvärde)",
        "en": "Share of {draws} drawn futures in which the municipality pays less than alone "
        "(present value)",
    },
    "chart.probability.key": {"sv": "Föreslagen nyckel", "en": "Proposed key"},
    "chart.probability.shapley": {"sv": "Shapleyvärdet", "en": "Shapley value"},
    # --- codes in table cells: periods, kinds of cost, objectives, parameter blocks -------------
    "period.npv": {"sv": "Nuvärde", "en": "Present value"},
    "kind.running": {"sv": "Löpande", "en": "Running"},
    "kind.one_off": {"sv": "Engångskostnad", "en": "One-off"},
    "objective.nucleolus": {"sv": "Närmast nukleolus", "en": "Closest to the nucleolus"},
    "objective.shapley": {"sv": "Närmast Shapleyvärdet", "en": "Closest to the Shapley value"},
    "objective.even_savings": {"sv": "Jämnast besparing", "en": "Most even savings"},
    "objective.simplicity": {"sv": "Enklast nyckel", "en": "Simplest key"},
    "family.agreed": {"sv": "Avtalad nyckel", "en": "Agreed key"},
    "family.equal": {"sv": "Lika delar", "en": "Equal shares"},
    "family.price_list": {"sv": "Prislista", "en": "Price list"},
    "family.drivers": {"sv": "Fördelningsgrunder", "en": "Drivers"},
    "family.historic": {"sv": "Historisk kostnad", "en": "Historic cost"},
    "family.fixed": {"sv": "Fasta andelar", "en": "Fixed percentages"},
    "family.model": {"sv": "Modellens egen kostnad", "en": "Model's own cost"},
    "block.economics": {"sv": "Ekonomi", "en": "Economics"},
    "block.sharing": {"sv": "Styrning av samverkan", "en": "Governance of the cooperation"},
    "value.empty": {"sv": "(ingen)", "en": "(none)"},
    "value.default": {"sv": "Modellen", "en": "Model"},
    # --- units, word by word (``h/payslip`` → ``h/lönespecifikation``) ---------------------------
    "unitword.one": {"sv": "–", "en": "1"},
    "unitword.per": {"sv": "per {unit}", "en": "1/{unit}"},
    "unitword.sek": {"sv": "kr", "en": "SEK"},
    "unitword.fte": {"sv": "årsarbetare", "en": "FTE"},
    "unitword.year": {"sv": "år", "en": "year"},
    "unitword.years": {"sv": "år", "en": "years"},
    "unitword.month": {"sv": "mån.", "en": "month"},
    "unitword.months": {"sv": "mån.", "en": "months"},
    "unitword.days": {"sv": "dagar", "en": "days"},
    "unitword.agent": {"sv": "agent", "en": "agent"},
    "unitword.agents": {"sv": "agenter", "en": "agents"},
    "unitword.agreements": {"sv": "avtal", "en": "agreements"},
    "unitword.calls": {"sv": "samtal", "en": "calls"},
    "unitword.employee": {"sv": "anställd", "en": "employee"},
    "unitword.employees": {"sv": "anställda", "en": "employees"},
    "unitword.inhabitant": {"sv": "invånare", "en": "inhabitant"},
    "unitword.inhabitants": {"sv": "invånare", "en": "inhabitants"},
    "unitword.person": {"sv": "person", "en": "person"},
    "unitword.persons": {"sv": "personer", "en": "persons"},
    "unitword.consultation": {"sv": "rådgivningssamtal", "en": "consultation"},
    "unitword.consultations": {"sv": "rådgivningssamtal", "en": "consultations"},
    "unitword.trip": {"sv": "resa", "en": "trip"},
    "unitword.trips": {"sv": "resor", "en": "trips"},
    "unitword.device": {"sv": "enhet", "en": "device"},
    "unitword.devices": {"sv": "enheter", "en": "devices"},
    "unitword.user": {"sv": "användare", "en": "user"},
    "unitword.users": {"sv": "användare", "en": "users"},
    "unitword.contract": {"sv": "avtal", "en": "contract"},
    "unitword.contracts": {"sv": "avtal", "en": "contracts"},
    "unitword.meeting": {"sv": "möte", "en": "meeting"},
    "unitword.meetings": {"sv": "möten", "en": "meetings"},
    "unitword.procurement": {"sv": "upphandling", "en": "procurement"},
    "unitword.procurements": {"sv": "upphandlingar", "en": "procurements"},
    "unitword.member": {"sv": "medlem", "en": "member"},
    "unitword.payslip": {"sv": "lönespecifikation", "en": "payslip"},
    "unitword.payslips": {"sv": "lönespecifikationer", "en": "payslips"},
    "unitword.manager": {"sv": "chef", "en": "manager"},
    "unitword.ticket": {"sv": "ärende", "en": "ticket"},
    "unitword.tickets": {"sv": "ärenden", "en": "tickets"},
    "unitword.visit": {"sv": "besök", "en": "visit"},
    "unitword.visits": {"sv": "besök", "en": "visits"},
    "unitword.workplace": {"sv": "arbetsplats", "en": "workplace"},
    "unitword.share": {"sv": "andel", "en": "share"},
    "unitword.share_of_labour_cost": {
        "sv": "andel av personalkostnaden",
        "en": "share of labour cost",
    },
    "unitword.share_of_salary": {"sv": "andel av lönen", "en": "share of salary"},
    # --- workload measures ------------------------------------------------------------------------
    "measure.abandonment": {"sv": "Andel som lägger på", "en": "Share hanging up"},
    "measure.adviser_fte": {"sv": "Rådgivare (årsarbetare)", "en": "Advisers (FTE)"},
    "measure.advisers": {"sv": "Rådgivare", "en": "Advisers"},
    "measure.agent_hours": {"sv": "Agenttimmar", "en": "Agent hours"},
    "measure.agreement_hours": {"sv": "Timmar för avtal och uppföljning", "en": "Agreement hours"},
    "measure.answer_within_target": {"sv": "Svarstid i målet", "en": "Answer time in the target"},
    "measure.bought_hours": {"sv": "Köpta timmar", "en": "Bought hours"},
    "measure.calls": {"sv": "Samtal", "en": "Calls"},
    "measure.competence_hours": {"sv": "Timmar för kompetensutveckling", "en": "Competence hours"},
    "measure.consultations": {"sv": "Rådgivningssamtal", "en": "Consultations"},
    "measure.contracts": {"sv": "Avtal", "en": "Contracts"},
    "measure.coordination_hours": {"sv": "Samordningstimmar", "en": "Coordination hours"},
    "measure.desk_hours": {"sv": "Timmar i servicedesken", "en": "Service desk hours"},
    "measure.employer_hours": {"sv": "Timmar för arbetsgivarfrågor", "en": "Employer hours"},
    "measure.generalist_fte": {"sv": "Generalister (årsarbetare)", "en": "Generalists (FTE)"},
    "measure.host_onsite_hours": {
        "sv": "Timmar på plats i värdkommunen",
        "en": "On-site hours at the host",
    },
    "measure.hours": {"sv": "Timmar", "en": "Hours"},
    "measure.joint_procurements": {"sv": "Gemensamma upphandlingar", "en": "Joint procurements"},
    "measure.local_posts": {"sv": "Lokala tjänster (årsarbetare)", "en": "Local posts (FTE)"},
    "measure.managed_fte": {"sv": "Ledda årsarbetare", "en": "FTE managed"},
    "measure.manager_fte": {"sv": "Chefer (årsarbetare)", "en": "Managers (FTE)"},
    "measure.manager_minimum_fte": {
        "sv": "Minsta chefsbemanning (årsarbetare)",
        "en": "Minimum managers (FTE)",
    },
    "measure.manual_payslips": {
        "sv": "Manuella lönespecifikationer",
        "en": "Manual payslips",
    },
    "measure.months_active": {"sv": "Månader i drift", "en": "Months active"},
    "measure.onsite_hours": {"sv": "Timmar på plats", "en": "On-site hours"},
    "measure.other_duties_share": {"sv": "Andel andra uppgifter", "en": "Share of other duties"},
    "measure.payslip_hours": {"sv": "Timmar för lönespecifikationer", "en": "Payslip hours"},
    "measure.payslips": {"sv": "Lönespecifikationer", "en": "Payslips"},
    "measure.peak_agents": {"sv": "Agenter vid toppbelastning", "en": "Agents at peak"},
    "measure.peak_traffic": {"sv": "Trafik vid toppbelastning", "en": "Traffic at peak"},
    "measure.post_fte": {"sv": "Tjänst (årsarbetare)", "en": "Post (FTE)"},
    "measure.procurements": {"sv": "Upphandlingar", "en": "Procurements"},
    "measure.second_line_hours": {"sv": "Timmar i andra linjen", "en": "Second-line hours"},
    "measure.service_level": {"sv": "Servicenivå", "en": "Service level"},
    "measure.share_fte": {"sv": "Delade tjänster (årsarbetare)", "en": "Shared posts (FTE)"},
    "measure.specialist_fte": {"sv": "Specialister (årsarbetare)", "en": "Specialists (FTE)"},
    "measure.specialist_hours": {"sv": "Specialisttimmar", "en": "Specialist hours"},
    "measure.spend": {"sv": "Inköpsvolym", "en": "Spend"},
    "measure.standalone_cost": {"sv": "Kostnad ensam", "en": "Cost alone"},
    "measure.steering_hours": {"sv": "Timmar i styrgruppen", "en": "Steering hours"},
    "measure.system_hours": {"sv": "Systemtimmar", "en": "System hours"},
    "measure.target_service_level": {"sv": "Mål för servicenivå", "en": "Target service level"},
    "measure.tickets": {"sv": "Ärenden", "en": "Tickets"},
    "measure.travel_hours": {"sv": "Restimmar", "en": "Travel hours"},
    "measure.travel_km": {"sv": "Resta kilometer", "en": "Kilometres travelled"},
    "measure.trips": {"sv": "Resor", "en": "Trips"},
    "measure.users": {"sv": "Användare", "en": "Users"},
    # --- report.xlsx: more column headers -------------------------------------------------------
    "header.period": {"sv": "Period", "en": "Period"},
    "header.driver": {"sv": "Fördelningsgrund", "en": "Driver"},
    "header.weight": {"sv": "Vikt", "en": "Weight"},
    "header.objective": {"sv": "Mål för nyckeln", "en": "Objective"},
    "header.step": {"sv": "Steg", "en": "Step"},
    "header.first_year": {"sv": "Första år", "en": "First year"},
    "header.last_year": {"sv": "Sista år", "en": "Last year"},
    "header.in_core_all_years": {"sv": "I kärnan alla år", "en": "In the core every year"},
    "header.worst_excess_sek": {
        "sv": "Största merkostnad för en grupp (kr)",
        "en": "Largest extra cost for a group (SEK)",
    },
    "header.worst_year": {"sv": "Då (period)", "en": "When (period)"},
    "header.objecting_coalition": {"sv": "Grupp som invänder", "en": "Objecting group"},
    "header.family": {"sv": "Nyckeltyp", "en": "Key family"},
    "header.recommended": {"sv": "Föreslagen", "en": "Proposed"},
    "header.p_in_core": {"sv": "Andel utfall i kärnan", "en": "Share of draws in the core"},
    "header.p_all_save": {
        "sv": "Andel utfall där alla sparar",
        "en": "Share of draws where all save",
    },
    "header.key": {"sv": "Nyckel", "en": "Key"},
    "header.weights": {"sv": "Vikter", "en": "Weights"},
    "header.k": {"sv": "Högst antal grunder", "en": "At most drivers"},
    "header.distance_sek": {
        "sv": "Avstånd till nukleolus (kr)",
        "en": "Distance to nucleolus (SEK)",
    },
    "header.distance_pct": {"sv": "Avstånd till nukleolus (%)", "en": "Distance to nucleolus (%)"},
    "header.distance_to_nucleolus_sek": {
        "sv": "Avstånd till nukleolus (kr)",
        "en": "Distance to nucleolus (SEK)",
    },
    "header.distance_to_nucleolus_pct": {
        "sv": "Avstånd till nukleolus (%)",
        "en": "Distance to nucleolus (%)",
    },
    "header.saving_spread_pct": {
        "sv": "Spridning i besparing (procentenheter)",
        "en": "Spread of savings (percentage points)",
    },
    "header.source_note": {"sv": "Källa (nr)", "en": "Source (no.)"},
    "header.note": {"sv": "Nr", "en": "No."},
    "sheet.summary": {"sv": "Sammanfattning", "en": "Summary"},
    "sheet.sources": {"sv": "Källor", "en": "Sources"},
    # --- report.xlsx: the summary sheet ---------------------------------------------------------
    "workbook.scenario": {"sv": "Scenario", "en": "Scenario"},
    "workbook.headline": {"sv": "Nyckeltal", "en": "Headline figures"},
    "workbook.amount": {"sv": "Belopp", "en": "Amount"},
    "workbook.cost": {"sv": "{name}, kostnad ({unit})", "en": "{name}, cost ({unit})"},
    "workbook.saving": {"sv": "{name}, besparing", "en": "{name}, saving"},
    "workbook.in_tkr": {"sv": "{label} ({unit})", "en": "{label} ({unit})"},
    "workbook.sheets": {"sv": "Bladen i arbetsboken", "en": "The sheets of this workbook"},
    "workbook.sheets.note": {
        "sv": "Varje tabell finns också som CSV-fil i resultatmappen ({files}), med alla rader "
        "och scenariots id på varje rad.",
        "en": "Every table is also a CSV file in the results folder ({files}), with every row "
        "and the scenario id on each.",
    },
    "workbook.rows": {"sv": "{sheet} ({rows} rader)", "en": "{sheet} ({rows} rows)"},
    "workbook.rows_of": {
        "sv": "{sheet} ({printed} av {rows} rader)",
        "en": "{sheet} ({printed} of {rows} rows)",
    },
    "workbook.not_printed": {
        "sv": "För långa för att skrivas ut, och utanför utskriftsområdet: {sheets}. Bladen har "
        "alla rader för filtrering på skärmen, och hela tabellerna finns i CSV-filerna. Rensa "
        "ett blads utskriftsområde för att ändå skriva ut det.",
        "en": "Too long to print, and outside the print area: {sheets}. The sheets hold every "
        "row for filtering on screen, and the whole tables are in the CSV files. Clear a "
        "sheet's print area to print it anyway.",
    },
    "workbook.present_printed": {
        "sv": "Bara nuvärdet skrivs ut av {sheets}: dess rader står först, och åren följer i "
        "bladet och i CSV-filen.",
        "en": "Only the present value is printed of {sheets}: its rows come first, and the "
        "years follow on the sheet and in the CSV file.",
    },
    "workbook.per_member.note": {
        "sv": "Kommunens kostnad i nuvärde ({unit}) och, i tabellen under, dess besparing mot "
        "att gå själv i procent av kostnaden ensam.",
        "en": "The municipality's cost in present value ({unit}) and, in the table below, its "
        "saving against going alone as a percentage of its cost alone.",
    },
    "workbook.csv_only": {
        "sv": "Tabeller med fler än {limit} rader finns bara som CSV-filer i resultatmappen, "
        "inte i arbetsboken: {tables}.",
        "en": "Tables of more than {limit} rows are only in the results folder's CSV files, "
        "not in the workbook: {tables}.",
    },
    "workbook.truncated": {
        "sv": "{sheet}: tabellen har {rows} rader, fler än ett kalkylblad rymmer; bladet visar "
        "de första {shown}. Hela tabellen finns i {file}.",
        "en": "{sheet}: the table has {rows} rows, more than a sheet holds; the sheet shows "
        "the first {shown}. The whole table is in {file}.",
    },
    "workbook.sources_note": {
        "sv": "Källorna står i bladet {sheet}; kolumnen {column} hänvisar dit. Beskrivning och "
        "källa står också i bladets sista kolumner, som inte skrivs ut.",
        "en": "The sources are in the sheet {sheet}; the column {column} refers to them. The "
        "description and the source are also in the sheet's last columns, which are not "
        "printed.",
    },
    "workbook.charts": {"sv": "Diagram", "en": "Charts"},
    "workbook.footer": {"sv": "Sida &P av &N", "en": "Page &P of &N"},
    # --- summary.md: labels of figures, sources, the price effect --------------------------------
    "summary.per_member.note": {
        "sv": "Varje cell: kommunens kostnad i nuvärde ({unit}) och inom parentes dess "
        "besparing mot att gå själv, i procent av vad den skulle kosta ensam.",
        "en": "Each cell: the municipality's cost in present value ({unit}) and in brackets "
        "its saving against going alone, as a percentage of what it would cost alone.",
    },
    "summary.unit_head": {"sv": "{label} ({unit})", "en": "{label} ({unit})"},
    "summary.unit_of_cell": {"sv": "enhet i kolumnens rubrik", "en": "unit in the column head"},
    "summary.sources_notes": {"sv": "Källor", "en": "Sources"},
    "summary.price_saving": {
        "sv": "Prisvinsten minskar kommunens kostnad med",
        "en": "The price gain lowers its cost by",
    },
    "summary.price_sign": {
        "sv": "Med prisvinsten kan en kommuns andel bli negativ: prisvinsten är då större än "
        "kommunens del av kostnaden för upphandlingen, och kommunen får pengar tillbaka i stället "
        "för att betala. Kolumnen längst till höger visar hur mycket prisvinsten sänker varje "
        "kommuns kostnad.",
        "en": "With the price gain a municipality's share can be negative: the gain is then "
        "larger than its part of the cost of procurement, and it receives money instead of "
        "paying. The rightmost column shows how much the price gain lowers each municipality's "
        "cost.",
    },
    "chart.allocation.same": {
        "sv": "Föreslagen nyckel: varje kommun sparar {share}",
        "en": "Proposed key: each municipality saves {share}",
    },
    "chart.allocation.pays_more": {
        "sv": "Föreslagen nyckel: varje kommun betalar {share} mer än ensam",
        "en": "Proposed key: each municipality pays {share} more than alone",
    },
    "chart.allocation.no_saving": {
        "sv": "Ingen kommun sparar: kostnaden fördelas utan besparing",
        "en": "No municipality saves: the cost is shared without a saving",
    },
}
"""id → {language → text}; ids are ``group.name`` (see the module docstring for the groups)."""


class UnknownText(LookupError):
    """A text id the catalogue does not have."""


def text(key: str, lang: str, **values: object) -> str:
    """The text ``key`` in ``lang`` (``sv`` or ``en``), placeholders filled from ``values``.

    Raises
    ------
    UnknownText
        for an id not in :data:`CATALOGUE` (naming the closest one)
    ValueError
        for a language other than ``sv`` and ``en``, or a placeholder without a value
    """
    entry = CATALOGUE.get(key)
    if entry is None:
        close = difflib.get_close_matches(key, CATALOGUE, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UnknownText(f"no report text {key!r}{hint}")
    _check_language(lang)
    try:
        return entry[lang].format(**values)
    except KeyError as missing:
        raise ValueError(f"report text {key!r} needs a value for {missing}") from None


def group(prefix: str, lang: str) -> dict[str, str]:
    """Every text of the group ``prefix`` in ``lang``, by name without the prefix, unfilled:
    ``group("sheet", "sv")["costs"] == "Kostnader"``. For names that may have no text (a column
    or method nobody worded), read with ``.get(name, name)``."""
    _check_language(lang)
    start = f"{prefix}."
    return {
        key[len(start) :]: entry[lang] for key, entry in CATALOGUE.items() if key.startswith(start)
    }


def _check_language(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ValueError(f"no report language {lang!r}; the languages are {', '.join(LANGUAGES)}")
