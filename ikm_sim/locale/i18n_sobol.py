"""Texts of the Sobol indices: method choice, cost, chart, table, how to read (Latvian first).

Merged into `ikm_sim.locale.i18n.TEXTS`; the Morris texts and parameter labels are in
`ikm_sim.locale.i18n_sensitivity`.
"""

from __future__ import annotations

SOBOL_TEXTS: dict[str, dict[str, str]] = {
    "sens_method": {"lv": "Metode", "en": "Method"},
    "sens_method_morris": {"lv": "Morisa skrīnings", "en": "Morris screening"},
    "sens_method_sobol": {"lv": "Sobola indeksi", "en": "Sobol indices"},
    "sobol_samples": {"lv": "Bāzes paraugi (N)", "en": "Base samples (N)"},
    "sobol_cost": {
        "lv": (
            "Izmaksas: N × (D + 2) = {n} × ({d} + 2) = {samples:n} modeļa paraugi "
            "(D – mainīto parametru skaits); aptuveni {seconds} s."
        ),
        "en": (
            "Cost: N × (D + 2) = {n} × ({d} + 2) = {samples:n} model samples "
            "(D is the number of parameters varied); about {seconds} s."
        ),
    },
    "sobol_results_for": {
        "lv": (
            "Scenārijs {scenario}; {where}; {year} mācību gads; Sobola indeksi, N = {n}, "
            "{samples} paraugi, sēkla {seed}"
        ),
        "en": (
            "Scenario {scenario}; {where}; school year {year}; Sobol indices, N = {n}, "
            "{samples} samples, seed {seed}"
        ),
    },
    "sobol_explain": {
        "lv": (
            "**Kā lasīt.** Katrs parametrs vienlaikus ar pārējiem mainās ±{band} % robežās ap "
            "tā kalibrēto vērtību (nepārsniedzot pieļaujamās robežas); dzimstības variants un "
            "migrācija paliek kā scenārijā. Tāpēc iztrūkums katrā aprēķinā ir citāds. Sobola "
            "indeksi sadala šo izkliedi (dispersiju) starp parametriem. **S1** ir daļa no "
            "iztrūkuma dispersijas, ko parametrs izskaidro viens pats: 0,30 nozīmē, ka, "
            "zinot tikai šo parametru, izkliede samazinātos par aptuveni 30 %. **ST** ir "
            "parametra kopējā daļa kopā ar visām tā mijiedarbībām ar citiem parametriem. Ja "
            "ST ir daudz lielāks par S1, parametrs darbojas galvenokārt kopā ar citiem. Ja ST "
            "ir tuvu 0, parametru var atstāt nemainīgu. Melnās līnijas ir 95 % ticamības "
            "intervāli. Ja parametri mijiedarbojas, S1 summa ir mazāka par 1 un ST summa – "
            "lielāka. Indeksi ir novērtēti no parauga: summas var nedaudz atšķirties arī "
            "parauga kļūdas dēļ, un nelielas negatīvas vērtības ir parauga kļūda, kas "
            "mazinās, palielinot N."
        ),
        "en": (
            "**How to read this.** All parameters vary together, each within ±{band} % of its "
            "calibrated value (within its allowed bounds); the birth variant and migration stay "
            "as in the scenario. So the gap differs from run to run. Sobol indices split this "
            "spread (its variance) among the parameters. **S1** is the share of the gap's "
            "variance a parameter explains alone: 0.30 means that knowing only this parameter "
            "would cut the spread by about 30 %. **ST** is the parameter's total share, "
            "including all its interactions with other parameters. When ST is much larger than "
            "S1, the parameter acts mostly together with others. When ST is close to 0, the "
            "parameter can be held fixed. The black lines are 95 % confidence intervals. The "
            "When parameters interact, the S1 values add up to less than 1 and the ST values to "
            "more. The indices are estimated from a sample: the sums are also off by sampling "
            "error, and small negative values are sampling error, which shrinks as N grows."
        ),
    },
    "sobol_chart_title": {
        "lv": "Kas nosaka iztrūkuma nenoteiktību: {output}",
        "en": "What drives the uncertainty of the gap: {output}",
    },
    "sobol_chart_sub": {
        "lv": (
            "Sobola indeksi – daļa no dispersijas: ST ar mijiedarbībām, S1 atsevišķi; "
            "līnija – 95 % intervāls"
        ),
        "en": (
            "Sobol indices – share of the variance: ST including interactions, S1 alone; "
            "line = 95 % interval"
        ),
    },
    "sobol_axis": {"lv": "Daļa no dispersijas", "en": "Share of the variance"},
    "sobol_index": {"lv": "Indekss", "en": "Index"},
    "sobol_st": {"lv": "ST – kopā ar mijiedarbībām", "en": "ST – including interactions"},
    "sobol_s1": {"lv": "S1 – atsevišķi", "en": "S1 – alone"},
    "sobol_interval": {"lv": "95 % intervāls", "en": "95 % interval"},
    "sobol_table_note": {
        "lv": (
            "Vieta 1 – lielākais ST; S1 un ST – daļa no dispersijas (± 95 % intervāla "
            "pusplatums). Diapazons – vērtības, kurās parametrs mainīts."
        ),
        "en": (
            "Rank 1 is the largest ST; S1 and ST are shares of the variance (± half-width of "
            "the 95 % interval). Range: the values the parameter took."
        ),
    },
    "sobol_col_s1": {"lv": "S1: {where}", "en": "S1: {where}"},
    "sobol_col_st": {"lv": "ST: {where}", "en": "ST: {where}"},
}
