-- vocab.sql — word lists for the demo and benchmark generators (temporary
-- tables, dropped at commit). Included by demo.sql and bigdata.sql with \ir.
-- Not a migration.

-- Subjects: popularity rank (1 = most records), plausible levels (most
-- plausible first).
CREATE TEMP TABLE kc_v_subject (
    code    text PRIMARY KEY,
    pop     int NOT NULL UNIQUE,
    levels  text[] NOT NULL
) ON COMMIT DROP;

INSERT INTO kc_v_subject (code, pop, levels) VALUES
    ('wiskunde',               1, '{lager,secundair-1,secundair-2,secundair-3,kleuter,buitengewoon,beroeps,hoger}'),
    ('nederlands',             2, '{lager,secundair-1,secundair-2,kleuter,secundair-3,buitengewoon,volwassenen,beroeps,lerarenopleiding}'),
    ('wereldorientatie',       3, '{lager,kleuter,buitengewoon}'),
    ('frans',                  4, '{lager,secundair-1,secundair-2,secundair-3,volwassenen}'),
    ('engels',                 5, '{secundair-1,secundair-2,secundair-3,lager,volwassenen,beroeps}'),
    ('wetenschappen',          6, '{lager,kleuter,secundair-1,buitengewoon}'),
    ('geschiedenis',           7, '{secundair-1,secundair-2,lager,secundair-3}'),
    ('aardrijkskunde',         8, '{secundair-1,secundair-2,secundair-3,lager}'),
    ('muzische-vorming',       9, '{kleuter,lager,secundair-1,buitengewoon,lerarenopleiding}'),
    ('ict',                   10, '{secundair-1,lager,secundair-2,volwassenen,lerarenopleiding,beroeps}'),
    ('biologie',              11, '{secundair-1,secundair-2,secundair-3,hoger}'),
    ('lichamelijke-opvoeding',12, '{lager,kleuter,secundair-1,secundair-2,buitengewoon}'),
    ('stem',                  13, '{lager,secundair-1,secundair-2,kleuter}'),
    ('levensbeschouwing',     14, '{lager,secundair-1,secundair-2,secundair-3}'),
    ('sociale-vaardigheden',  15, '{kleuter,lager,buitengewoon,secundair-1,lerarenopleiding}'),
    ('duits',                 16, '{secundair-2,secundair-3,volwassenen}'),
    ('fysica',                17, '{secundair-2,secundair-3,hoger}'),
    ('chemie',                18, '{secundair-2,secundair-3,hoger}'),
    ('economie',              19, '{secundair-2,secundair-3,beroeps,hoger,volwassenen}'),
    ('muziek',                20, '{lager,kleuter,secundair-1,secundair-2}'),
    ('burgerschap',           21, '{secundair-1,secundair-3,lager,volwassenen}'),
    ('leren-leren',           22, '{secundair-1,lager,hoger,lerarenopleiding}'),
    ('techniek',              23, '{secundair-1,secundair-2,beroeps,lager}'),
    ('zorg',                  24, '{beroeps,secundair-3,volwassenen,buitengewoon}'),
    ('maatschappij',          25, '{secundair-2,secundair-3,beroeps}'),
    ('filosofie',             26, '{secundair-3,lager,hoger,lerarenopleiding}'),
    ('klassieke-talen',       27, '{secundair-1,secundair-2,secundair-3}'),
    ('spaans',                28, '{secundair-3,volwassenen,hoger}');

-- Topics per subject: Dutch, English, the word (for lemmas and URLs), and a
-- French topic for French-language records of the subject 'frans'.
CREATE TEMP TABLE kc_v_topic (
    subject  text NOT NULL,
    nl       text NOT NULL,
    en       text NOT NULL,
    word     text NOT NULL,
    fr       text NULL
) ON COMMIT DROP;

INSERT INTO kc_v_topic (subject, nl, en, word, fr) VALUES
    ('nederlands', 'de spelling van werkwoorden', 'Dutch verb spelling', 'werkwoordspelling', NULL),
    ('nederlands', 'begrijpend lezen', 'reading comprehension', 'begrijpend lezen', NULL),
    ('nederlands', 'zinsontleding', 'sentence analysis', 'zinsontleding', NULL),
    ('nederlands', 'gedichten schrijven', 'writing poetry', 'gedicht', NULL),
    ('nederlands', 'een spreekbeurt voorbereiden', 'preparing a talk', 'spreekbeurt', NULL),
    ('nederlands', 'woordenschat uitbreiden', 'building vocabulary', 'woordenschat', NULL),
    ('nederlands', 'een zakelijke brief schrijven', 'writing a formal letter', 'zakelijke brief', NULL),
    ('nederlands', 'jeugdliteratuur', 'children''s literature', 'jeugdboek', NULL),
    ('frans', 'de passé composé', 'the passé composé', 'passé composé', 'le passé composé'),
    ('frans', 'Franse werkwoorden op -er', 'French -er verbs', 'werkwoorden op -er', 'les verbes en -er'),
    ('frans', 'jezelf voorstellen in het Frans', 'introducing yourself in French', 'se présenter', 'se présenter'),
    ('frans', 'de Franse getallen', 'French numbers', 'les nombres', 'les nombres'),
    ('frans', 'eten en drinken in het Frans', 'food and drink in French', 'la nourriture', 'la nourriture et les boissons'),
    ('frans', 'de familie in het Frans', 'family words in French', 'la famille', 'la famille'),
    ('engels', 'irregular verbs', 'irregular verbs', 'irregular verbs', NULL),
    ('engels', 'de present perfect', 'the present perfect', 'present perfect', NULL),
    ('engels', 'Engelse woordenschat: op reis', 'English vocabulary: travelling', 'travel vocabulary', NULL),
    ('engels', 'small talk in het Engels', 'small talk in English', 'small talk', NULL),
    ('engels', 'Engelse spreekvaardigheid', 'English speaking skills', 'speaking skills', NULL),
    ('duits', 'de Duitse naamvallen', 'German cases', 'Nominativ', NULL),
    ('duits', 'de Duitse woordvolgorde', 'German word order', 'Satzbau', NULL),
    ('duits', 'Duits voor op vakantie', 'German for the holidays', 'Urlaub', NULL),
    ('spaans', 'ser en estar', 'ser and estar', 'ser y estar', NULL),
    ('spaans', 'Spaanse begroetingen', 'Spanish greetings', 'saludos', NULL),
    ('klassieke-talen', 'Latijnse verbuigingen', 'Latin declensions', 'declinatio', NULL),
    ('klassieke-talen', 'de Griekse mythologie', 'Greek mythology', 'mythologie', NULL),
    ('klassieke-talen', 'het dagelijkse leven in Rome', 'daily life in ancient Rome', 'Romeins leven', NULL),
    ('wiskunde', 'breuken', 'fractions', 'breuk', NULL),
    ('wiskunde', 'de stelling van Pythagoras', 'Pythagoras'' theorem', 'stelling van Pythagoras', NULL),
    ('wiskunde', 'procenten', 'percentages', 'procent', NULL),
    ('wiskunde', 'vergelijkingen van de eerste graad', 'linear equations', 'vergelijking', NULL),
    ('wiskunde', 'kloklezen', 'telling the time', 'kloklezen', NULL),
    ('wiskunde', 'de tafels van vermenigvuldiging', 'times tables', 'maaltafels', NULL),
    ('wiskunde', 'hoeken meten', 'measuring angles', 'hoek', NULL),
    ('wiskunde', 'grafieken en statistiek', 'graphs and statistics', 'statistiek', NULL),
    ('wiskunde', 'kansrekening', 'probability', 'kans', NULL),
    ('wiskunde', 'hoofdrekenen tot 100', 'mental arithmetic up to 100', 'hoofdrekenen', NULL),
    ('wiskunde', 'oppervlakte en omtrek', 'area and perimeter', 'oppervlakte', NULL),
    ('wetenschappen', 'de waterkringloop', 'the water cycle', 'waterkringloop', NULL),
    ('wetenschappen', 'magnetisme', 'magnetism', 'magneet', NULL),
    ('wetenschappen', 'planten en zaden', 'plants and seeds', 'kiemen', NULL),
    ('wetenschappen', 'het zonnestelsel', 'the solar system', 'zonnestelsel', NULL),
    ('wetenschappen', 'drijven en zinken', 'floating and sinking', 'drijven', NULL),
    ('fysica', 'krachten en beweging', 'forces and motion', 'kracht', NULL),
    ('fysica', 'elektrische schakelingen', 'electric circuits', 'stroomkring', NULL),
    ('fysica', 'licht en lenzen', 'light and lenses', 'lens', NULL),
    ('fysica', 'druk in vloeistoffen', 'pressure in liquids', 'druk', NULL),
    ('chemie', 'het periodiek systeem', 'the periodic table', 'periodiek systeem', NULL),
    ('chemie', 'zuren en basen', 'acids and bases', 'pH', NULL),
    ('chemie', 'chemische reacties', 'chemical reactions', 'reactievergelijking', NULL),
    ('chemie', 'mengsels scheiden', 'separating mixtures', 'filtratie', NULL),
    ('biologie', 'fotosynthese', 'photosynthesis', 'fotosynthese', NULL),
    ('biologie', 'de bloedsomloop', 'the circulatory system', 'bloedsomloop', NULL),
    ('biologie', 'ecosystemen', 'ecosystems', 'ecosysteem', NULL),
    ('biologie', 'de cel', 'the cell', 'cel', NULL),
    ('biologie', 'erfelijkheid', 'heredity', 'gen', NULL),
    ('wereldorientatie', 'verkeersveiligheid', 'road safety', 'voorrang', NULL),
    ('wereldorientatie', 'de seizoenen', 'the seasons', 'seizoen', NULL),
    ('wereldorientatie', 'gezonde voeding', 'healthy eating', 'voedingsdriehoek', NULL),
    ('wereldorientatie', 'dieren in de winter', 'animals in winter', 'winterslaap', NULL),
    ('wereldorientatie', 'mijn lichaam', 'my body', 'lichaam', NULL),
    ('wereldorientatie', 'de tijdsbalk', 'the timeline', 'tijdsbalk', NULL),
    ('geschiedenis', 'de Romeinen', 'the Romans', 'Romeinen', NULL),
    ('geschiedenis', 'de Eerste Wereldoorlog', 'the First World War', 'loopgraaf', NULL),
    ('geschiedenis', 'de middeleeuwen', 'the Middle Ages', 'middeleeuwen', NULL),
    ('geschiedenis', 'de industriële revolutie', 'the Industrial Revolution', 'industriële revolutie', NULL),
    ('geschiedenis', 'de Koude Oorlog', 'the Cold War', 'Koude Oorlog', NULL),
    ('geschiedenis', 'de Tweede Wereldoorlog', 'the Second World War', 'bezetting', NULL),
    ('aardrijkskunde', 'klimaatverandering', 'climate change', 'broeikaseffect', NULL),
    ('aardrijkskunde', 'kaartlezen', 'map reading', 'schaal', NULL),
    ('aardrijkskunde', 'vulkanen en aardbevingen', 'volcanoes and earthquakes', 'vulkaan', NULL),
    ('aardrijkskunde', 'de Europese Unie', 'the European Union', 'Europese Unie', NULL),
    ('aardrijkskunde', 'bevolking en migratie', 'population and migration', 'migratie', NULL),
    ('lichamelijke-opvoeding', 'balspelen', 'ball games', 'balspel', NULL),
    ('lichamelijke-opvoeding', 'turnen', 'gymnastics', 'koprol', NULL),
    ('lichamelijke-opvoeding', 'zwemmen', 'swimming', 'schoolslag', NULL),
    ('lichamelijke-opvoeding', 'coöperatieve spelen', 'cooperative games', 'samenspel', NULL),
    ('muzische-vorming', 'tekenen in perspectief', 'drawing in perspective', 'perspectief', NULL),
    ('muzische-vorming', 'drama en rollenspel', 'drama and role play', 'rollenspel', NULL),
    ('muzische-vorming', 'de kunst van Magritte', 'the art of Magritte', 'surrealisme', NULL),
    ('muzische-vorming', 'Vincent van Gogh', 'Vincent van Gogh', 'Van Gogh', NULL),
    ('muziek', 'ritme en maat', 'rhythm and metre', 'maatsoort', NULL),
    ('muziek', 'muziekinstrumenten', 'musical instruments', 'instrument', NULL),
    ('muziek', 'samen zingen', 'singing together', 'canon', NULL),
    ('ict', 'programmeren met Scratch', 'programming with Scratch', 'Scratch', NULL),
    ('ict', 'veilig online', 'staying safe online', 'wachtwoord', NULL),
    ('ict', 'mediawijsheid', 'media literacy', 'nepnieuws', NULL),
    ('ict', 'werken met een rekenblad', 'working with spreadsheets', 'rekenblad', NULL),
    ('ict', 'computationeel denken', 'computational thinking', 'algoritme', NULL),
    ('levensbeschouwing', 'de wereldgodsdiensten', 'world religions', 'wereldgodsdienst', NULL),
    ('levensbeschouwing', 'feesten en rituelen', 'feasts and rituals', 'ritueel', NULL),
    ('levensbeschouwing', 'zingeving', 'meaning in life', 'zingeving', NULL),
    ('economie', 'vraag en aanbod', 'supply and demand', 'marktevenwicht', NULL),
    ('economie', 'een budget beheren', 'managing a budget', 'budget', NULL),
    ('economie', 'ondernemerschap', 'entrepreneurship', 'ondernemer', NULL),
    ('stem', 'bruggen bouwen', 'building bridges', 'brug', NULL),
    ('stem', 'robotica', 'robotics', 'robot', NULL),
    ('stem', 'duurzame energie', 'sustainable energy', 'zonnepaneel', NULL),
    ('techniek', 'hefbomen en katrollen', 'levers and pulleys', 'hefboom', NULL),
    ('techniek', 'technisch tekenen', 'technical drawing', 'aanzicht', NULL),
    ('techniek', 'werken met hout', 'woodworking', 'zagen', NULL),
    ('zorg', 'eerste hulp', 'first aid', 'stabiele zijligging', NULL),
    ('zorg', 'hygiëne in de zorg', 'hygiene in care', 'handhygiëne', NULL),
    ('zorg', 'communiceren met zorgvragers', 'communicating with clients', 'zorgvrager', NULL),
    ('burgerschap', 'kinderrechten', 'children''s rights', 'kinderrechten', NULL),
    ('burgerschap', 'democratie en verkiezingen', 'democracy and elections', 'verkiezing', NULL),
    ('burgerschap', 'omgaan met diversiteit', 'dealing with diversity', 'diversiteit', NULL),
    ('maatschappij', 'media en nieuws', 'media and the news', 'persvrijheid', NULL),
    ('maatschappij', 'de rechtsstaat', 'the rule of law', 'rechtsstaat', NULL),
    ('filosofie', 'filosoferen met kinderen', 'philosophy with children', 'filosofisch gesprek', NULL),
    ('filosofie', 'ethische dilemma''s', 'ethical dilemmas', 'dilemma', NULL),
    ('leren-leren', 'plannen en studeren', 'planning and studying', 'planning', NULL),
    ('leren-leren', 'samenvatten', 'summarising', 'samenvatting', NULL),
    ('leren-leren', 'mindmappen', 'mind mapping', 'mindmap', NULL),
    ('sociale-vaardigheden', 'pesten voorkomen', 'preventing bullying', 'pesten', NULL),
    ('sociale-vaardigheden', 'emoties benoemen', 'naming emotions', 'emotie', NULL),
    ('sociale-vaardigheden', 'samenwerken in groep', 'working in groups', 'samenwerken', NULL);

-- Topics that fit only some of their subject's levels (most plausible first).
ALTER TABLE kc_v_topic ADD COLUMN levels text NULL;
UPDATE kc_v_topic t SET levels = v.levels
  FROM (VALUES
    ('kloklezen', 'lager,buitengewoon,kleuter'),
    ('de tafels van vermenigvuldiging', 'lager,buitengewoon'),
    ('hoofdrekenen tot 100', 'lager,buitengewoon,kleuter'),
    ('breuken', 'lager,secundair-1,buitengewoon'),
    ('procenten', 'lager,secundair-1,beroeps,volwassenen'),
    ('hoeken meten', 'lager,secundair-1'),
    ('oppervlakte en omtrek', 'lager,secundair-1,buitengewoon'),
    ('de stelling van Pythagoras', 'secundair-1,secundair-2'),
    ('vergelijkingen van de eerste graad', 'secundair-1,secundair-2,beroeps'),
    ('kansrekening', 'secundair-3,secundair-2,hoger'),
    ('grafieken en statistiek', 'secundair-2,secundair-3,lager,hoger'),
    ('de spelling van werkwoorden', 'lager,secundair-1,buitengewoon,volwassenen'),
    ('een zakelijke brief schrijven', 'secundair-2,secundair-3,beroeps,volwassenen'),
    ('jeugdliteratuur', 'lager,secundair-1,lerarenopleiding'),
    ('gedichten schrijven', 'lager,secundair-1,secundair-2'),
    ('filosoferen met kinderen', 'lager,kleuter,lerarenopleiding'),
    ('ethische dilemma''s', 'secundair-3,hoger,secundair-2'),
    ('erfelijkheid', 'secundair-2,secundair-3,hoger'),
    ('de cel', 'secundair-1,secundair-2,secundair-3'),
    ('de Koude Oorlog', 'secundair-2,secundair-3'),
    ('de industriële revolutie', 'secundair-2,secundair-3,secundair-1'),
    ('de Romeinen', 'lager,secundair-1'),
    ('dieren in de winter', 'kleuter,lager,buitengewoon'),
    ('de seizoenen', 'kleuter,lager,buitengewoon'),
    ('vraag en aanbod', 'secundair-2,secundair-3,hoger'),
    ('ondernemerschap', 'secundair-3,beroeps,hoger'),
    ('robotica', 'lager,secundair-1,secundair-2'),
    ('programmeren met Scratch', 'lager,secundair-1,lerarenopleiding')
  ) AS v(nl, levels)
 WHERE t.nl = v.nl;

-- Per subject: ids, names and the topic arrays, for index-based random picks.
CREATE TEMP TABLE kc_v_subj ON COMMIT DROP AS
SELECT s.id, s.code, s.position, s.name_be, s.name_en, v.pop, v.levels,
       array_agg(t.nl ORDER BY t.nl)   AS nl,
       array_agg(t.en ORDER BY t.nl)   AS en,
       array_agg(t.word ORDER BY t.nl) AS words,
       array_agg(t.levels ORDER BY t.nl) AS tlevels,
       array_remove(array_agg(t.fr ORDER BY t.nl), NULL) AS fr,
       count(*)::int AS n
  FROM subjects s
  JOIN kc_v_subject v ON v.code = s.code
  JOIN kc_v_topic t ON t.subject = s.code
 GROUP BY s.id, s.code, s.position, s.name_be, s.name_en, v.pop, v.levels;
CREATE UNIQUE INDEX ON kc_v_subj (pop);
CREATE UNIQUE INDEX ON kc_v_subj (position);

-- Kinds with their share of the records (cumulative ranges in [0,1)).
CREATE TEMP TABLE kc_v_kind (
    code   text PRIMARY KEY,
    lo     float8 NOT NULL,
    hi     float8 NOT NULL,
    ord    int NOT NULL
) ON COMMIT DROP;
INSERT INTO kc_v_kind (code, ord, lo, hi)
SELECT code, ord, coalesce(sum(w) OVER (ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
       sum(w) OVER (ORDER BY ord)
  FROM (VALUES ('document', 1, 0.22), ('exercise', 2, 0.15), ('site', 3, 0.12), ('video', 4, 0.10),
               ('article', 5, 0.07), ('image', 6, 0.07), ('software', 7, 0.05), ('lemma', 8, 0.05),
               ('calendar', 9, 0.05), ('audio', 10, 0.04), ('own_site', 11, 0.04), ('product', 12, 0.04))
       AS k(code, ord, w);
UPDATE kc_v_kind SET hi = 1.0000001 WHERE ord = 12;

-- Licences with their share.
CREATE TEMP TABLE kc_v_licence (code text PRIMARY KEY, lo float8, hi float8) ON COMMIT DROP;
INSERT INTO kc_v_licence
SELECT code, coalesce(sum(w) OVER (ORDER BY ord ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING), 0),
       sum(w) OVER (ORDER BY ord)
  FROM (VALUES ('by-nc-sa', 1, 0.30), ('by', 2, 0.18), ('by-sa', 3, 0.12), ('by-nc', 4, 0.12),
               ('cc0', 5, 0.08), ('by-nc-nd', 6, 0.08), ('arr', 7, 0.08), ('by-nd', 8, 0.04)) AS l(code, ord, w);
UPDATE kc_v_licence SET hi = 1.0000001 WHERE code = 'by-nd';

-- Title patterns per kind and language:
-- %1$s topic, %2$s level phrase, %3$s word, %4$s subject name.
CREATE TEMP TABLE kc_v_pattern (kind text, lang text, p text[], PRIMARY KEY (kind, lang)) ON COMMIT DROP;
INSERT INTO kc_v_pattern VALUES
 ('document', 'nl', '{"Werkblad over %1$s voor %2$s","Lesvoorbereiding: %1$s (%2$s)","Lesfiche: %1$s","Bundel herhalingsoefeningen: %1$s","Samenvatting: %1$s (%2$s)","Toets over %1$s – %2$s","Bordschema: %1$s","Leerlingenbundel over %1$s met correctiesleutel","Hoekenwerk rond %1$s","Lessenreeks over %1$s voor %2$s","Contractwerk rond %1$s","Leesteksten over %1$s voor %2$s"}'),
 ('article', 'nl', '{"Zo pak je %1$s aan met %2$s","Ervaringen met %1$s in mijn klas","Vijf tips om %1$s boeiend te maken","Waarom %1$s ertoe doet","Differentiëren bij %1$s: een praktijkvoorbeeld","%1$s voor %2$s: wat werkt?"}'),
 ('site', 'nl', '{"Website met uitleg en oefeningen over %1$s","Online naslagwerk: %1$s","Interactieve website rond %1$s","Handige site over %1$s voor %2$s","Digitaal leerplatform %4$s: %1$s"}'),
 ('own_site', 'nl', '{"Mijn klaswebsite: %1$s voor %2$s","Blog van een leerkracht: %1$s","Eigen lesmateriaal %4$s: %1$s","Klassite met materiaal rond %1$s"}'),
 ('software', 'nl', '{"App om %1$s te oefenen","Gratis programma: %1$s","Digitale tool rond %1$s voor %2$s","Simulatie: %1$s","Oefenprogramma rond %1$s voor %2$s"}'),
 ('exercise', 'nl', '{"Oefenreeks: %1$s","Interactieve oefeningen over %1$s","Quiz: wat weet jij over %1$s?","Kahoot over %1$s voor %2$s","Escape room rond %1$s","Zelfcorrigerende oefeningen over %1$s","Meerkeuzevragen over %1$s voor %2$s"}'),
 ('lemma', 'nl', '{"Begrip: %3$s","Wat betekent %3$s?","%3$s – uitleg voor %2$s","Lemma %3$s (%4$s)"}'),
 ('image', 'nl', '{"Infographic over %1$s","Praatplaat: %1$s","Schema: %1$s","Poster over %1$s voor %2$s","Klasaffiche: %1$s","Overzichtsplaat: %1$s"}'),
 ('audio', 'nl', '{"Luisteroefening: %1$s","Podcast over %1$s voor %2$s","Hoorspel rond %1$s","Audiofragment bij %1$s","Luisterverhaal over %1$s voor %2$s"}'),
 ('video', 'nl', '{"Instructiefilmpje: %1$s","Kennisclip: %1$s","Video-uitleg over %1$s voor %2$s","Filmpje over %1$s met kijkvragen","Videoles over %1$s"}'),
 ('calendar', 'nl', '{"Nascholing: %1$s voor %2$s","Workshop over %1$s voor leerkrachten","Studiedag over %1$s","Webinar: %1$s in de praktijk","Inspiratiedag %4$s: %1$s"}'),
 ('product', 'nl', '{"Leerspel rond %1$s","Handboek %4$s voor %2$s","Kaartspel rond %1$s","Materiaalkoffer voor %1$s","Werkschriften over %1$s voor %2$s"}'),
 ('document', 'en', '{"Worksheet: %1$s for %2$s","Lesson plan: %1$s","Revision pack on %1$s","Test on %1$s with answer key","Reading texts about %1$s for %2$s"}'),
 ('article', 'en', '{"How to teach %1$s to %2$s","Five tips for teaching %1$s","Teaching %1$s: lessons learned"}'),
 ('site', 'en', '{"Website with explanations and exercises on %1$s","Online reference: %1$s","Interactive site about %1$s for %2$s"}'),
 ('own_site', 'en', '{"My class website: %1$s","Teacher blog: %1$s for %2$s"}'),
 ('software', 'en', '{"App to practise %1$s","Free tool: %1$s","Simulation: %1$s for %2$s"}'),
 ('exercise', 'en', '{"Practice set: %1$s","Quiz: how much do you know about %1$s?","Escape room on %1$s","Interactive exercises on %1$s for %2$s"}'),
 ('lemma', 'en', '{"Term: %3$s","What is %3$s?","%3$s explained for %2$s"}'),
 ('image', 'en', '{"Infographic: %1$s","Classroom poster on %1$s","Diagram: %1$s for %2$s"}'),
 ('audio', 'en', '{"Listening exercise: %1$s","Podcast: %1$s for %2$s"}'),
 ('video', 'en', '{"Explainer video: %1$s","Video lesson on %1$s with viewing questions","Short clip: %1$s for %2$s"}'),
 ('calendar', 'en', '{"Workshop: %1$s in the classroom","Webinar: teaching %1$s","Conference day on %1$s"}'),
 ('product', 'en', '{"Board game on %1$s","Card game: %1$s","Textbook %4$s for %2$s"}'),
 ('document', 'fr', '{"Fiche d''exercices : %1$s","Préparation de leçon : %1$s","Test : %1$s","Dossier de révision : %1$s"}'),
 ('article', 'fr', '{"Comment enseigner %1$s","Trois idées pour travailler %1$s en classe"}'),
 ('site', 'fr', '{"Site pour pratiquer %1$s","Ressources en ligne : %1$s"}'),
 ('own_site', 'fr', '{"Mon site de classe : %1$s"}'),
 ('software', 'fr', '{"Application pour pratiquer %1$s"}'),
 ('exercise', 'fr', '{"Exercices interactifs : %1$s","Quiz : %1$s","Jeu de rôle : %1$s"}'),
 ('lemma', 'fr', '{"Vocabulaire : %3$s"}'),
 ('image', 'fr', '{"Affiche : %1$s","Carte mentale : %1$s"}'),
 ('audio', 'fr', '{"Exercice d''écoute : %1$s","Chanson pour apprendre %1$s"}'),
 ('video', 'fr', '{"Vidéo explicative : %1$s","Capsule vidéo : %1$s"}'),
 ('calendar', 'fr', '{"Atelier : %1$s en classe"}'),
 ('product', 'fr', '{"Jeu de cartes : %1$s"}');

-- Level phrases used in titles and descriptions.
CREATE TEMP TABLE kc_v_levelphrase (level text PRIMARY KEY, nl text[], en text[]) ON COMMIT DROP;
INSERT INTO kc_v_levelphrase VALUES
 ('kleuter',          '{"de kleuterklas","de derde kleuterklas","jonge kleuters","groep 1-2","de oudste kleuters"}', '{"nursery","reception class","young children"}'),
 ('lager',            '{"het eerste leerjaar","het derde leerjaar","het vijfde leerjaar","het zesde leerjaar","groep 4","groep 6","groep 7-8","de middenbouw"}', '{"primary school","year 3","year 5","grade 4"}'),
 ('secundair-1',      '{"de eerste graad","het eerste middelbaar","de brugklas","het tweede jaar","klas 1 vmbo"}', '{"lower secondary","year 7","key stage 3"}'),
 ('secundair-2',      '{"de tweede graad","het derde middelbaar","havo 3","het vierde jaar","vmbo 4"}', '{"year 9","year 10","secondary school"}'),
 ('secundair-3',      '{"de derde graad","het zesde middelbaar","vwo 5","havo 5","het vijfde jaar"}', '{"upper secondary","sixth form","year 12"}'),
 ('buitengewoon',     '{"het buitengewoon onderwijs","het speciaal onderwijs","type 9","OV3-leerlingen"}', '{"special needs pupils","SEN classes"}'),
 ('beroeps',          '{"het mbo","de graduaatsopleiding","mbo niveau 2","beroepsopleidingen"}', '{"vocational students","VET courses"}'),
 ('hoger',            '{"hogeschoolstudenten","eerstejaarsstudenten","het hoger onderwijs","bachelorstudenten"}', '{"university students","undergraduates"}'),
 ('volwassenen',      '{"volwassenen","NT2-cursisten","de tweedekansopleiding","avondonderwijs"}', '{"adult learners","evening classes"}'),
 ('lerarenopleiding', '{"studenten lerarenopleiding","de pabo","stagiairs","startende leerkrachten"}', '{"student teachers","teacher trainees"}');

-- Description sentences: part 1 (%1$s topic, %2$s level phrase), 2, 3; and
-- one per kind.
CREATE TEMP TABLE kc_v_sentence (lang text, part int, s text[], PRIMARY KEY (lang, part)) ON COMMIT DROP;
INSERT INTO kc_v_sentence VALUES
 ('nl', 1, '{"Met dit materiaal werken je leerlingen zelfstandig rond %1$s.","In deze les ontdekken de leerlingen stap voor stap %1$s.","Dit pakket helpt je om %1$s op een speelse manier aan te brengen.","Een volledig uitgewerkte les over %1$s, getest in mijn eigen klas (%2$s).","Ik maakte dit omdat mijn leerlingen het moeilijk hadden met %1$s.","Een handige bron om %1$s te herhalen voor de toetsen.","Wie %1$s wil laten leven bij %2$s, vindt hier heel wat inspiratie.","Hiermee oefenen de leerlingen %1$s op hun eigen tempo."}'),
 ('nl', 2, '{"Er zijn drie niveaus, zodat je makkelijk kunt differentiëren.","De correctiesleutel zit achteraan.","Je vindt er ook een kijkwijzer en een evaluatiefiche bij.","De opdrachten sluiten aan bij de eindtermen en de kerndoelen.","De leerlingen werken in duo''s of in kleine groepjes.","Reken op ongeveer twee lesuren.","Het materiaal werkt goed op het digibord.","Sterke leerlingen krijgen extra uitdagingen.","De instructie is kort, daarna gaan de leerlingen zelf aan de slag.","Met tips voor leerlingen met dyslexie.","Alles is in een bewerkbaar formaat, zodat je het kunt aanpassen."}'),
 ('nl', 3, '{"Feedback is altijd welkom!","Pas het gerust aan voor je eigen klas.","Veel plezier ermee!","Laat gerust een reactie achter als je het gebruikt hebt.","Succes in de klas!","Vragen? Stuur me gerust een bericht."}'),
 ('en', 1, '{"With this material your pupils work independently on %1$s.","In this lesson pupils discover %1$s step by step.","A ready-to-use lesson on %1$s, tried out in my own class (%2$s).","I made this because my students struggled with %1$s.","A handy resource for revising %1$s before a test."}'),
 ('en', 2, '{"There are three levels, so differentiation is easy.","The answer key is at the end.","Pupils work in pairs or small groups.","Allow about two lessons.","Works well on the interactive whiteboard.","Includes extension tasks for fast finishers."}'),
 ('en', 3, '{"Feedback is welcome!","Feel free to adapt it for your class.","Enjoy!","Let me know how it went in your class."}'),
 ('fr', 1, '{"Avec ce matériel, les élèves travaillent %1$s de façon autonome.","Une leçon complète sur %1$s, testée en classe.","Une ressource pratique pour réviser %1$s."}'),
 ('fr', 2, '{"Le corrigé se trouve à la fin.","Les élèves travaillent en binômes.","Comptez environ deux heures de cours."}'),
 ('fr', 3, '{"Bon travail !","N''hésitez pas à l''adapter à votre classe.","Vos remarques sont les bienvenues."}');

CREATE TEMP TABLE kc_v_kindsentence (kind text, lang text, s text[], PRIMARY KEY (kind, lang)) ON COMMIT DROP;
INSERT INTO kc_v_kindsentence
SELECT k.kind, l.lang,
       (CASE l.lang WHEN 'nl' THEN k.nl WHEN 'en' THEN k.en ELSE k.fr END)::text[]
  FROM (VALUES
   ('calendar', '{"Inschrijven is verplicht; het aantal plaatsen is beperkt.","Na afloop krijg je een attest van deelname.","Deelname is gratis voor leerkrachten."}',
                '{"Registration is required; places are limited.","Participants receive a certificate of attendance."}', '{"Inscription obligatoire."}'),
   ('article',  '{"Een artikel uit de praktijk, met voorbeelden uit de klas.","Met verwijzingen naar recent onderzoek."}',
                '{"A practical article with classroom examples."}', '{"Un article pratique avec des exemples de classe."}'),
   ('document', '{"Het document is een pdf om af te drukken.","Het document bestaat uit een leerkrachtenhandleiding en werkbladen."}',
                '{"The document is a printable PDF."}', '{"Le document est un PDF à imprimer."}'),
   ('site',     '{"De site is gratis en vraagt geen account.","Een overzichtelijke website met veel voorbeelden."}',
                '{"The site is free and needs no account."}', '{"Le site est gratuit et ne demande pas de compte."}'),
   ('own_site', '{"Op mijn eigen website verzamel ik al het materiaal dat ik in de klas gebruik.","Ik werk de site regelmatig bij."}',
                '{"On my own website I collect everything I use in class."}', '{"Sur mon site, je rassemble tout mon matériel de classe."}'),
   ('software', '{"De app werkt in de browser en op tablets.","Het programma is gratis en bewaart geen leerlinggegevens."}',
                '{"The app runs in the browser and on tablets."}', '{"L''application fonctionne dans le navigateur."}'),
   ('exercise', '{"De oefeningen verbeteren zichzelf.","Er zijn twintig vragen met directe feedback."}',
                '{"The exercises are self-correcting."}', '{"Les exercices sont autocorrectifs."}'),
   ('lemma',    '{"Een korte, heldere omschrijving met een voorbeeldzin.","Met een tekening en een voorbeeld uit het dagelijks leven."}',
                '{"A short, clear definition with an example sentence."}', '{"Une définition courte avec un exemple."}'),
   ('image',    '{"Een afbeelding in hoge resolutie, geschikt om af te drukken op A3.","Vrij te gebruiken in je eigen lesmateriaal."}',
                '{"A high-resolution image, printable on A3."}', '{"Une image en haute résolution."}'),
   ('audio',    '{"Met transcriptie en vragen bij het fragment.","Ingesproken door een moedertaalspreker."}',
                '{"With a transcript and questions."}', '{"Avec transcription et questions."}'),
   ('video',    '{"Het filmpje duurt ongeveer tien minuten en bevat kijkvragen.","Ondertiteld, zodat ook anderstalige leerlingen kunnen volgen."}',
                '{"The video lasts about ten minutes and comes with viewing questions."}', '{"La vidéo dure environ dix minutes."}'),
   ('product',  '{"Te koop bij de leverancier; dit is een eerlijke beoordeling uit de klas.","Het spel is stevig en gaat jaren mee."}',
                '{"Available from the supplier; an honest review from the classroom."}', '{"Disponible chez le fournisseur."}')
  ) AS k(kind, nl, en, fr)
  CROSS JOIN (VALUES ('nl'), ('en'), ('fr')) AS l(lang);

-- Names, places, suppliers, expertise.
CREATE TEMP TABLE kc_v_names ON COMMIT DROP AS SELECT
  '{Lies,Jan,Sofie,Pieter,An,Koen,Els,Wouter,Katrien,Bart,Nathalie,Tom,Ellen,Joris,Hanne,Stijn,Annelies,Dries,Griet,Sander,Inge,Ruben,Evelien,Jens,Leen,Frederik,Marijke,Thomas,Nele,Kristof,Veerle,Gert,Liesbeth,Bram,Sarah,Michiel,Charlotte,Steven,Fien,Jeroen}'::text[] AS first_be,
  '{Peeters,Janssens,Maes,Jacobs,Mertens,Willems,Claes,Goossens,Wouters,"De Smet",Dubois,Vermeulen,"Van den Broeck","De Clercq",Hermans,Lambrechts,Verstraete,"Van Damme",Coppens,"De Backer",Vandenberghe,Martens,Aerts,Declercq,Verhoeven,"Van de Velde",Cools,Smets,"De Wilde",Pauwels}'::text[] AS surname_be,
  '{Sanne,Daan,Femke,Bas,Anouk,Thijs,Marloes,Joost,Esther,Ruud,Ilse,Sven,Maaike,Niels,Lotte,Jeroen,Merel,Tim,Iris,Wouter,Eline,Gijs,Fleur,Koen,Annemieke,Rick,Mirjam,Jasper,Linda,Martijn}'::text[] AS first_nl,
  '{"de Jong",Jansen,"de Vries","van den Berg","van Dijk",Bakker,Visser,Smit,Meijer,"de Boer",Mulder,"de Groot",Bos,Vos,Peters,Hendriks,"van Leeuwen",Dekker,Brouwer,"de Wit",Dijkstra,Smits,"de Graaf","van der Meer",Kok,Jacobs,"van der Linden",Kuipers,Schouten,Willemsen}'::text[] AS surname_nl,
  '{Gent,Antwerpen,Leuven,Brugge,Hasselt,Mechelen,Kortrijk,Brussel,Utrecht,Amsterdam,Rotterdam,Zwolle,Eindhoven,Groningen,"Online (Teams)","Online (Zoom)"}'::text[] AS places,
  '{"Uitgeverij De Leerlijn","Spelmakers bv","Educatief Atelier","Klasgerief","Kinderspel & Co","Leermiddelenhuis"}'::text[] AS suppliers,
  '{"Juf van het derde leerjaar","Leraar wiskunde in de eerste graad","Zorgcoördinator in een basisschool","Leerkracht Frans in de tweede en derde graad","Kleuterjuf met een passie voor STEM","Docent Engels op een havo/vwo-school","Leerkracht groep 7","ICT-coördinator","Docent geschiedenis","Lerarenopleider","Leerkracht buitengewoon onderwijs (type 9)","Docent biologie en scheikunde","Leerkracht lichamelijke opvoeding","Directeur basisschool","Docent Nederlands als tweede taal","Meester van groep 5",""}'::text[] AS expertise;

-- URL-safe slug.
CREATE FUNCTION pg_temp.kc_slug(t text) RETURNS text LANGUAGE sql IMMUTABLE AS
$$ SELECT trim(both '-' FROM regexp_replace(lower(public.unaccent(t)), '[^a-z0-9]+', '-', 'g')) $$;

-- Random element of an array.
CREATE FUNCTION pg_temp.kc_pick(a text[]) RETURNS text LANGUAGE sql VOLATILE AS
$$ SELECT a[1 + floor(random() * cardinality(a))::int] $$;
