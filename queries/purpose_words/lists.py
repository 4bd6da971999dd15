"""The word lists themselves (see queries/purpose_words/__init__.py for how they are matched
and how an agency adjusts them). Phrases are separated by ";" or new lines."""

from __future__ import annotations


def _phrases(text: str) -> tuple[str, ...]:
    return tuple(p.strip() for p in text.replace("\n", ";").split(";") if p.strip())


def _people(colours: tuple[str, ...]) -> tuple[str, ...]:
    # A colour word is a race only when it describes people ("black male"), never a car ("black
    # Honda"): the phrase needs the person word after it.
    nouns = (
        "male*",
        "female*",
        "man",
        "men",
        "woman",
        "women",
        "people",
        "person*",
        "guy*",
        "individual*",
        "subject*",
        "juvenile*",
        "teen*",
        "kid*",
        "family",
        "families",
        "community",
        "neighborhood",
        "neighbourhood",
    )
    return tuple(f"{c} {n}" for c in colours for n in nouns)


DEFAULT_WORDS: dict[str, tuple[str, ...]] = {
    # Words that say nothing about which investigation a search serves (CDCR 53060.7(b)(4), DOJ
    # 429.4: not "investigation" alone). A justification made only of these, of reference numbers
    # and of the case number is too vague.
    "vague": _phrases(
        """
        investigat*; invest; inv; invs; invst; criminal; crim; case*; follow; up; followup; f u; fu
        lead*; suspect*; susp; test; tests; testing; tested; tst; n a; na; none; nothing; unknown
        unk; misc*; other; general; various; routine; random; proactive; pro active; patrol; per
        sgt; sergeant; lt; lieutenant; det; detective; officer; ofc; agent; supervisor; request*
        req; info; information; intel*; check; checks; checking; search*; query; queries; lookup
        look; plate*; lpr; alpr; vehicle*; veh; car; cars; camera*; cam; system; admin*; training
        train; police; law; enforcement; official; purpose*; business; work; duty; related; ongoing
        open; active; pending; report; rpt; file; number; num; nbr; no; the; a; an; for; of; to; re
        on; in; at; and; with; by; from; is; see; same; matter; identify; identif*; ident; id
        inquiry; inquire; location; locate*; locating; compar*; find; finding; track; tracking
        assist*; help; possible; possibly; poss; area; multiple; image*; photo*; picture*; download*
        crime; crimes; hit; hits; alert*; suspicious; suspicous; sus; tip; tips; inves*; inve
        person* of interest; poi; subject* of interest; subject*; subj; on going; as; above; ok
        """
    ),
    # Immigration enforcement (CDCR 53060.4(c); California Values Act, Gov. Code 7284 et seq.).
    # The bare acronym "ice" is handled by the rule (other senses of the word are told apart by
    # the words around it: "ice_other_senses").
    "immigration": _phrases(
        """
        ice; hsi; ero; cbp; dhs; usbp; uscis; fugops; immigra*; immigrant*; emigra*; deport*
        undocumented; illegal alien*; illegal immigrant*; illegals; criminal alien*; alien; aliens
        border patrol; homeland security; customs and border; enforcement and removal
        removal proceeding*; removal order*; immigration hold; immigration detainer*; i 247*
        visa overstay*; green card; immigration status; citizenship status
        non citizen*; noncitizen*; la migra; migra
        """
    ),
    # Attacks on a reproductive-health provider or patient. Investigating them is not an
    # investigation "of reproductive health" (53060.4(d)), when the text also points to a suspect
    # or a victim: "arson at the family planning clinic, suspect fled in a grey van".
    "attacks": _phrases(
        """
        arson*; vandal*; graffiti; threat*; assault*; battery; burglar*; robb*; theft*; stolen
        shooting*; shot; shots; bomb*; explosive*; trespass*; stalk*; harass*; hate crime*
        obstruct*; blockad*
        """
    ),
    # Words that make a named federal agency the victim or the pretext, not the purpose: someone
    # impersonating ICE is investigated for impersonation, which is allowed.
    "agency_impersonation": _phrases(
        """
        impersonat*; posing as; pose as; poses as; pretend*; imposter*; impostor*; fake
        """
    ),
    # Words that make "ice" something else than the agency when they stand next to it.
    "ice_other_senses": _phrases(
        """
        cream; rink; skating; skate*; hockey; arena; machine*; maker*; chest*; cooler*; cube*; bag*
        dry; black; shaved; cold; storm; road*; meth*; crystal; sold; sell*; sale*; deal*; possess*
        poss; gram*; oz; ounce*; baggie*; pipe*; smok*; narc*; drug*; hs; 11377; 11378; 11379
        vanilla
        """
    ),
    # Reproductive health care (CDCR 53060.4(d); Penal Code 13778.2).
    "reproductive_health": _phrases(
        """
        abortion*; abortifacient*; reproductive; reproductive health*; planned parenthood
        family planning; pregnancy termination*; terminate* pregnancy; terminated her pregnancy
        termination of pregnancy; end* pregnancy; mifepristone; misoprostol; abortion pill*
        contracepti*; birth control; ob gyn; obgyn; gynecolog*; gynaecolog*; women s health clinic
        womens health clinic; pregnancy center*
        """
    ),
    # First Amendment activity, worship included (Civil Code 1798.90.51: civil liberties). Places
    # of worship are here, not with the traits: a crime at one is investigated like any scene.
    "protected_activity": _phrases(
        """
        protest*; rally; rallies; demonstration*; demonstrator*; marcher*; protest march*; picket*
        vigil; vigils; sit in; walkout*; walk out; boycott*; first amendment; 1st amendment; free speech
        freedom of speech; freedom of assembly; political meeting*; political event*
        town hall meeting*; activist*; organizer*; organiser*; union meeting*; strike line
        picket line; religious service*; worship service*; prayer*
        mosque*; synagogue*; gurdwara*; church; churches; temple; temples
        """
    ),
    # "Demonstration" of a product or of the system (training) is not a First Amendment activity
    # when one of these words is in the text.
    "demonstration_other_senses": _phrases(
        """
        training; trainee*; vendor*; product*; software; system*; tool*; course*; class; classes
        feature*; demo; demos; lpr; alpr; camera*
        """
    ),
    # A trait word just before one of these names a kind of business or place ("Chinese
    # restaurant burglary"), not people.
    "place_nouns": _phrases(
        """
        restaurant*; market*; supermarket*; store*; shop*; bakery; bakeries; grocer*; cuisine
        food; cafe*; deli; salon*; consulate*; embassy; embassies; mall; plaza; school*
        """
    ),
    # Race, ethnicity, national origin, religion (Civil Code 1798.90.51).
    "protected_trait": _phrases(
        """
        race; racial*; ethnic*; national origin; nationality; religion*; religious; hispanic*
        latino*; latina*; latinx; african american*; afro american*; asian*; caucasian*; arab*
        middle eastern*; native american*; pacific islander*; mexican*; guatemalan*; salvadoran*
        salvadorean*; honduran*; nicaraguan*; colombian*; venezuelan*; cuban*; haitian*; dominican*
        puerto rican*; brazilian*; chinese; vietnamese; korean*; japanese; filipino*; cambodian*
        hmong; laotian*; indian national*; east indian*; pakistani*; afghan*; iranian*; iraqi*
        syrian*; lebanese; palestinian*; israeli*; armenian*; russian*; ukrainian*; somali*
        ethiopian*; eritrean*; nigerian*; african*; romani; roma; romanian*; traveller*
        irish traveler*; foreign national*; muslim*; islam*; jewish; jew; jews; sikh*; hindu*
        buddhist*; catholic*; mormon*; congregation*; worshipper*
        worshiper*; h m; h f; b m; b f; w m; w f
        """
    )
    + _people(("black", "white", "brown", "yellow")),
    # Ethnic slurs: never a description of a suspect, always refused (Civil Code 1798.90.51).
    "slurs": _phrases(
        """
        gypsy; gypsies; gipsy; gipsies; gyspy; gyp; gypped; wetback*; beaner*
        """
    ),
    # Words that make a protected activity or trait the premise of the search: the people sought
    # are sought for being there or being that, not for an offence.
    "premise": _phrases(
        """
        attend*; participant*; participat*; protester*; protestor*; demonstrator*; marcher*
        supporter*; member* of; affiliat*; congregation*; worshipper*; worshiper*; went to
        present at; everyone at; anyone at; all vehicles at; all cars at; people at; who visit*
        visitor* of; visitor* to
        """
    ),
    # Words that, just before a premise word, make those people the victims ("assault on a
    # protester"): a search for who harmed them is not premised on their activity.
    "victim_context": _phrases(
        """
        assault*; attack*; battery; against; victim*; threat*; struck; injur*; ran over; drove into
        robbed; stabbed; shot
        """
    ),
    # Words that tie a search to a specific offence or a described suspect. A protected trait is
    # allowed beside them ("suspect described as Hispanic male, 30s, red Civic").
    "suspect_markers": _phrases(
        """
        suspect*; susp; describ*; description; desc; wanted; witness*; victim*; fled; fleeing
        """
    ),
    # Offences: they tie a search to a specific crime, not to who the people are or what they
    # believe or attend.
    "offence": _phrases(
        """
        warrant*; rob; robb*; orc; organized retail; retail theft; burg; gta; adw; dv
        domestic violence; laundering; counterfeit*; forgery; identity theft; child abuse
        elder abuse; robbery; robberies; robbed; burglar*; theft*; stolen; stole; steal*; larceny
        shoplift*; looting; assault*; battery; homicide*; murder*; manslaughter; shooting*; shot
        shots; stabb*; carjack*; kidnap*; abduct*; rape*; sexual assault; molest*; arson*; vandal*
        graffiti; hit and run; hit run; dui; fraud*; embezzl*; extort*; threat*; traffick*; smuggl*
        narcotic*; weapon*; firearm*; gun*; brandish*; evad*; pursuit; felony; felon*; missing
        amber; escape*; abscond*; trespass*; hate crime*; crime scene
        """
    ),
    # California code sections so often named by number alone ("459", "211pc", "10851") that the
    # number says which offence is investigated.
    "offence_codes": _phrases(
        """
        148; 187; 207; 209; 211; 215; 236; 240; 242; 243; 245; 246; 261; 273; 278; 288; 314; 415
        417; 422; 451; 459; 470; 484; 487; 488; 496; 503; 530; 594; 646; 647; 664; 2800; 10851
        11350; 11351; 11352; 11359; 11377; 11378; 11379; 12020; 12025; 12031; 20001; 20002; 23152
        23153; 25850; 29800; 30305
        """
    ),
    # Personal identifying information named by its kind (CDCR 53060.7(b)(5); DOJ 429.4); the
    # numbers, addresses and full names themselves are found by patterns in queries/rules.py.
    "pii": _phrases(
        """
        dob; date of birth; birth date; birthdate; born on; ssn; social security number
        social security no; soc sec; dl; cdl; d l; driver s license; drivers license; driver license
        driver s licence; drivers licence; drivers lic; driver lic; license number; licence number
        cii; first name; full name; home address; residence address; resides at; lives at
        e mail address; email address
        """
    ),
    # Criminal history of a person (CDCR 53060.7(b)(5); DOJ 429.4).
    "criminal_history": _phrases(
        """
        criminal history; crim history; crim hist; criminal record*; arrest record*; arrest history
        booking history; rap sheet*; rapsheet*; priors; prior arrest*; prior conviction*
        prior record*; prior offen*; prior felon*; previously arrested; previously convicted
        arrested before; convicted; conviction*; ex con*; excon*; has a record; long record
        history of arrest*; multiple arrests; known offender; repeat offender; career criminal
        three strike*; 3 strike*; striker
        """
    ),
    # Information obtained from CLETS and the systems reached through it (CDCR 53060.7(b)(5);
    # DOJ 429.4).
    "clets": _phrases(
        """
        clets; ncic; nlets; cjis; wps; svs; afs; cal gang; calgang; dmv return*; dmv record*
        dmv info*; dmv history; dmv shows; dmv hit; per dmv; dmv photo*; registered owner*
        reg owner*; r o; ro info*; ro is; ro has; ro s; registered to; reg to; 10 29; 1029
        wanted persons system; stolen vehicle system; supervised release file
        restraining order file
        """
    ),
    # Personal reasons (GO 5.42 A.1 "Accessing the data for personal reasons is prohibited";
    # 2.455.15, 53060.7(b)(3), 429.4: official purposes only).
    "personal_use": _phrases(
        """
        personal use; personal reason*; personal matter*; personal business; personal interest
        personal curiosity; curiosity; curious; just curious; for fun; for a friend; friend asked
        favor for; favour for; my ex; my ex wife; my ex husband; my wife; my husband; my girlfriend
        my boyfriend; my gf; my bf; my partner; my neighbor*; my neighbour*; my son; my daughter
        my kid*; my family; my relative*; my brother; my sister; my mom; my mother; my dad
        my father; my friend*; my car; my vehicle; my truck; my house; my home; my own
        """
    ),
    # A justification whose only word is one of these gives a personal reason (GO 5.42 A.1).
    "personal_alone": _phrases("personal; private; mine"),
    # Given names common enough that "<given name> <Surname>" reads as a person's full name
    # (CDCR 53060.7(b)(5): nothing beyond the last name). Names that are also common words
    # (Mark, Will, Grant, May...) are left out on purpose.
    "given_names": _phrases(
        """
        aaron; abel; abigail; adam; adolfo; adrian; adriana; agustin; aiden; alberto; alejandra
        alejandro; alex; alexander; alfonso; alfredo; alicia; alma; alvaro; alyssa; amanda; amy; ana
        andrea; andres; andrew; andy; angela; angelica; anna; anthony; antonio; araceli; armando
        arthur; arturo; ashley; barbara; beatriz; ben; benito; benjamin; blanca; brandon; brenda
        brian; brittany; bryan; carla; carlos; carmen; carolina; catherine; cecilia; cesar; charles
        cheryl; chloe; chris; christina; christine; christopher; claudia; cristian; cristina
        cynthia; daisy; dan; daniel; daniela; danny; darlene; darryl; dave; david; deborah; denise
        dennis; derek; diana; diane; diego; dolores; dominic; donald; donna; doris; dylan; edgar
        edith; eduardo; edward; edwin; efrain; elena; elias; elijah; eliseo; elizabeth; ella; elvira
        emilio; emily; emma; emmanuel; enrique; eric; erica; erik; erika; ernesto; esmeralda
        esteban; estela; ethan; evelyn; fabian; felipe; felix; fernando; fidel; francisca; francisco
        frank; gabriel; gabriela; gary; george; gerald; gerardo; gilberto; gloria; graciela; greg
        gregory; guadalupe; guillermo; gustavo; hannah; harold; heather; hector; henry; hilda; hugo
        ignacio; irma; isaac; isabel; isabella; ivan; jacob; jacqueline; jaime; james; janet; janice
        jason; javier; jayden; jeff; jeffrey; jennifer; jeremy; jerry; jesse; jessica; jessie; jesus
        jim; jimmy; joaquin; joe; joel; john; johnny; jonathan; jorge; jose; josefina; joseph
        joshua; joyce; juan; juana; julia; julian; julie; julio; justin; karen; karina; katherine
        keith; kelly; ken; kenneth; kevin; kimberly; kyle; larry; laura; lauren; leonardo; leslie
        leticia; liam; linda; lisa; logan; lorena; lorenzo; lourdes; lucas; lucia; luis; manuel
        marco; marcos; margarita; maria; maribel; mario; marisol; maritza; marlene; martha; martin
        marvin; mason; matt; matthew; mauricio; mayra; melissa; melvin; mia; michael; micheal
        michelle; miguel; mike; moises; monica; nancy; natalie; nathan; nelson; nicholas; nicole
        noah; noe; norma; octavio; olga; olivia; omar; oscar; pablo; pamela; paola; patricia
        patrick; paul; paula; pedro; peter; philip; rachael; rachel; rafael; ramiro; ramon; randy
        raquel; raul; raymond; rebecca; reyna; ricardo; richard; rick; ricky; rigoberto; robert
        roberta; roberto; rodolfo; rodrigo; rogelio; roger; ron; ronald; ronnie; rosa; rosario
        roxana; ruben; ryan; samantha; samuel; sandra; sara; sarah; scott; sean; sergio; shawn
        sonia; sophia; stanley; stephanie; steve; steven; susan; sylvia; teresa; terry; thomas
        timothy; tom; tomas; tony; tyler; ulises; valerie; vanessa; veronica; vicente; victor
        walter; wayne; wendy; william; xavier; yadira; yesenia; yolanda; yvonne; zachary; zoe
        """
    ),
    # Words that, before a given name, make it part of a place ("San Jose", "Santa Maria").
    "place_prefixes": _phrases("san; santa; st; saint; los; las; del; de; fort; port"),
    # Words that, after a given name, are not a surname ("Jose PD", "Maria Street").
    "not_surnames": _phrases(
        """
        pd; so; police; sheriff; street; st; avenue; ave; road; rd; blvd; drive; dr; lane; ln; way
        court; ct; park; school; high; church; luther; valley; hills; heights; beach; lake; creek
        canyon; springs; mesa; plaza; mall; center; village; ranch; grove; point; harbor; bay
        hospital; county; city; station; case; and; or; the
        """
    ),
}

# Words whose misspellings matter, with the edit distance that still reads as them. Distances are
# kept small and the first letter fixed so that "importation", "report" and "reproduction" stay
# apart from "deportation" and "reproductive".
MISSPELLING_ROOTS: dict[str, tuple[tuple[str, int], ...]] = {
    "immigration": (("immigration", 2), ("immigrant", 1), ("deportation", 1), ("undocumented", 2)),
    "reproductive_health": (("abortion", 1), ("reproductive", 1), ("contraception", 1)),
    "vague": (("investigation", 2), ("investigations", 2), ("investigative", 2), ("suspect", 1)),
}

# Acronyms of immigration agencies: when the text says the agency was impersonated, the acronym
# names the victim's pretext, not the purpose.
AGENCY_ACRONYMS = frozenset({"ice", "hsi", "ero", "cbp", "dhs", "usbp", "uscis"})

# Lists an agency may extend but never shorten: the prohibitions they carry are law, not choice.
LOCKED_LISTS = frozenset({"immigration", "reproductive_health", "protected_activity"})
