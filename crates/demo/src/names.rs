//! The words of the demo: circles of Hauts-de-France, members' first names, the programme's
//! actions, spend lines' purposes, suppliers and funders. Plain data, no logic.

/// A circle the region may hold: its name, territory, file stem, and how it starts.
pub(crate) struct CircleName {
    pub(crate) name: &'static str,
    pub(crate) territory: &'static str,
    pub(crate) slug: &'static str,
    /// The programme's first action, named after the territory.
    pub(crate) rencontres: &'static str,
}

/// The first circles, in order: the four of the README, then the other territories of the
/// seed texts (`003_*.txt`); beyond these, circles are numbered.
pub(crate) const CIRCLES: &[CircleName] = &[
    CircleName {
        name: "Littoral",
        territory: "Côte d'Opale",
        slug: "littoral",
        rencontres: "Rencontres des tiers-lieux du littoral",
    },
    CircleName {
        name: "Métropole Lilloise",
        territory: "Métropole Européenne de Lille",
        slug: "metropole-lilloise",
        rencontres: "Rencontres des tiers-lieux de la métropole",
    },
    CircleName {
        name: "Douaisis-Pévèle",
        territory: "Douaisis et Pévèle",
        slug: "douaisis-pevele",
        rencontres: "Rencontres des tiers-lieux du Douaisis",
    },
    CircleName {
        name: "Somme",
        territory: "Amiénois",
        slug: "somme",
        rencontres: "Rencontres des tiers-lieux de l'Amiénois",
    },
    CircleName {
        name: "Sambre-Avesnois",
        territory: "Avesnois-Thiérache",
        slug: "sambre-avesnois",
        rencontres: "Rencontres des tiers-lieux de l'Avesnois",
    },
    CircleName {
        name: "Oise",
        territory: "Beauvaisis et Sud de l'Oise",
        slug: "oise",
        rencontres: "Rencontres des tiers-lieux de l'Oise",
    },
    CircleName {
        name: "Artois",
        territory: "Pôle métropolitain de l'Artois",
        slug: "artois",
        rencontres: "Rencontres des tiers-lieux de l'Artois",
    },
    CircleName {
        name: "Hainaut",
        territory: "Valenciennois",
        slug: "hainaut",
        rencontres: "Rencontres des tiers-lieux du Hainaut",
    },
    CircleName {
        name: "Flandre intérieure",
        territory: "Flandres",
        slug: "flandre-interieure",
        rencontres: "Rencontres des tiers-lieux des Flandres",
    },
    CircleName {
        name: "Pays de Bray",
        territory: "Bray picard",
        slug: "pays-de-bray",
        rencontres: "Rencontres des tiers-lieux du Pays de Bray",
    },
    CircleName {
        name: "Sud-Aisne",
        territory: "Sud de l'Aisne",
        slug: "sud-aisne",
        rencontres: "Rencontres des tiers-lieux du Sud-Aisne",
    },
    CircleName {
        name: "Arrageois-Ternois",
        territory: "Arrageois et Ternois",
        slug: "arrageois-ternois",
        rencontres: "Rencontres des tiers-lieux de l'Arrageois",
    },
];

/// Members' names: French first names, ASCII letters only (valid member and key names).
pub(crate) const FIRST_NAMES: &[&str] = &[
    "amelie",
    "karim",
    "sophie",
    "julien",
    "nadia",
    "thomas",
    "lea",
    "mehdi",
    "claire",
    "antoine",
    "ines",
    "hugo",
    "camille",
    "yanis",
    "manon",
    "lucas",
    "sarah",
    "romain",
    "chloe",
    "bastien",
    "fatou",
    "pierre",
    "margaux",
    "samir",
    "elodie",
    "vincent",
    "aurelie",
    "guillaume",
    "maelle",
    "benoit",
    "justine",
    "theo",
    "louise",
    "rachid",
    "anais",
    "quentin",
    "celine",
    "olivier",
    "pauline",
    "nicolas",
    "emma",
    "kevin",
    "laura",
    "maxime",
    "salome",
    "florian",
    "agathe",
    "mathis",
    "lina",
    "hamza",
    "oceane",
    "damien",
    "helene",
    "yasmine",
    "arnaud",
    "marion",
    "jeremy",
    "sonia",
    "baptiste",
    "alice",
];

/// The programme's recurring actions (the first one is the circle's own `rencontres`).
pub(crate) const ACTIONS: &[&str] = &[
    "Formation facilitation",
    "Cartographie des lieux",
    "Accueil de porteurs de projets",
    "Visites apprenantes entre tiers-lieux",
    "Co-développement des soucieux",
    "Outillage numérique du cercle",
    "Journée portes ouvertes des tiers-lieux",
    "Lettre d'information du cercle",
    "Mutualisation de matériel",
];

/// What a retribution pays for.
pub(crate) const RETRIBUTION_PURPOSES: &[&str] = &[
    "Préparation et facilitation de la rencontre",
    "Animation de l'atelier et compte rendu",
    "Coordination du cercle (deux demi-journées)",
    "Accueil et accompagnement d'un porteur de projet",
    "Relevés et mise à jour de la cartographie",
    "Conception du module de formation",
    "Rédaction de la lettre d'information",
    "Organisation des visites et logistique",
];

/// Outside suppliers, with what they are paid for.
pub(crate) const SUPPLIERS: &[(&str, &str)] = &[
    ("Traiteur du Port", "Repas des participants"),
    ("Imprimerie Lefebvre", "Impression des supports"),
    ("Boulangerie Caron", "Accueil café et viennoiseries"),
    ("Salle polyvalente de Wimereux", "Location de salle"),
    ("TER Hauts-de-France", "Déplacements des participants"),
    ("Papeterie du Beffroi", "Matériel d'animation"),
    ("Sono Delattre", "Location de sonorisation"),
    ("La Ferme du Héron", "Repas et location de salle"),
    ("Atelier graphique Nord Image", "Maquette de la cartographie"),
];

/// Funders: the EU grant, the Region, the regional network (which records its own transfers).
pub(crate) const FEDER: &str = "FEDER";
/// The Region.
pub(crate) const REGION: &str = "Région Hauts-de-France";
/// The regional network.
pub(crate) const COMPAGNIE: &str = "Compagnie des Tiers-Lieux";
