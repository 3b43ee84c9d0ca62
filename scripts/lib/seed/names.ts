// Synthetic names and nationalities. Common given and family names per language group, combined at
// random, so no row describes a real person. Country weights roughly follow the FY2023 ATD caseload.
import { type Rng, weightedPicker } from './random.js';

interface NamePool {
  given: readonly string[];
  family: readonly string[];
  /** Hispanic naming: two family names ("García López") some of the time. */
  compound?: boolean;
}

const HISPANIC: NamePool = {
  given: [
    'José', 'Juan', 'Luis', 'Carlos', 'Jorge', 'Miguel', 'Pedro', 'Francisco', 'Jesús', 'Mario', 'Óscar', 'Wilmer', 'Edwin',
    'Kevin', 'Brayan', 'Anderson', 'Yeferson', 'Darwin', 'Elmer', 'Santos', 'Marvin', 'Alexander', 'Ángel', 'Héctor',
    'María', 'Ana', 'Rosa', 'Carmen', 'Gloria', 'Sandra', 'Yesenia', 'Dayana', 'Karla', 'Wendy', 'Glenda', 'Lesbia',
    'Marisol', 'Yolanda', 'Daniela', 'Valentina', 'Génesis', 'Yuleisy', 'Andrea', 'Paola', 'Lucía', 'Esperanza',
  ],
  family: [
    'García', 'Hernández', 'López', 'Martínez', 'González', 'Pérez', 'Rodríguez', 'Sánchez', 'Ramírez', 'Cruz', 'Flores',
    'Gómez', 'Morales', 'Reyes', 'Jiménez', 'Díaz', 'Torres', 'Castillo', 'Mejía', 'Vásquez', 'Aguilar', 'Ortiz',
    'Chávez', 'Ramos', 'Mendoza', 'Castro', 'Romero', 'Herrera', 'Medina', 'Orellana', 'Pineda', 'Zelaya', 'Funes',
    'Alvarado', 'Escobar', 'Guzmán', 'Paz', 'Lemus', 'Rivas', 'Cabrera', 'Quintero', 'Suárez', 'Contreras', 'Salazar',
  ],
  compound: true,
};
const HAITIAN: NamePool = {
  given: ['Jean', 'Pierre', 'Jean-Baptiste', 'Wilner', 'Frantz', 'Jacques', 'Ronald', 'Evens', 'Marie', 'Nadège', 'Roseline', 'Guerline', 'Fabienne', 'Widline', 'Stéphanie', 'Mackenson'],
  family: ['Joseph', 'Louis', 'Pierre', 'Charles', 'Jean', 'Baptiste', 'Augustin', 'Célestin', 'Désir', 'Exantus', 'Fleurant', 'Dorvil', 'Étienne', 'Michel', 'Paul', 'Noël'],
};
const BRAZILIAN: NamePool = {
  given: ['João', 'Lucas', 'Gabriel', 'Rafael', 'Thiago', 'Felipe', 'Ana', 'Juliana', 'Fernanda', 'Camila', 'Larissa', 'Beatriz'],
  family: ['Silva', 'Santos', 'Oliveira', 'Souza', 'Pereira', 'Costa', 'Ferreira', 'Almeida', 'Carvalho', 'Ribeiro'],
};
const SOUTH_ASIAN: NamePool = {
  given: ['Harpreet', 'Gurpreet', 'Amandeep', 'Manpreet', 'Rajesh', 'Sandeep', 'Vikram', 'Priya', 'Pooja', 'Navjot', 'Sunil', 'Anjali'],
  family: ['Singh', 'Kaur', 'Patel', 'Kumar', 'Sharma', 'Gill', 'Sandhu', 'Shah', 'Desai', 'Chauhan'],
};
const CHINESE: NamePool = {
  given: ['Wei', 'Jun', 'Hao', 'Lei', 'Yong', 'Jie', 'Fang', 'Xiu', 'Mei', 'Ling', 'Yan', 'Hui'],
  family: ['Wang', 'Li', 'Zhang', 'Liu', 'Chen', 'Yang', 'Huang', 'Zhao', 'Lin', 'Zhou'],
};

interface Country {
  code: string;
  weight: number;
  names: NamePool;
  /** Preferred languages (BCP 47) with weights. */
  languages: readonly (readonly [string, number])[];
}

const SPANISH = [['es', 97], ['en', 3]] as const;
const COUNTRIES: readonly Country[] = [
  { code: 'HN', weight: 15, names: HISPANIC, languages: SPANISH },
  { code: 'GT', weight: 13, names: HISPANIC, languages: [['es', 84], ['quc', 8], ['mam', 6], ['en', 2]] },
  { code: 'MX', weight: 12, names: HISPANIC, languages: SPANISH },
  { code: 'VE', weight: 12, names: HISPANIC, languages: SPANISH },
  { code: 'EC', weight: 9, names: HISPANIC, languages: [['es', 95], ['qu', 3], ['en', 2]] },
  { code: 'CO', weight: 8, names: HISPANIC, languages: SPANISH },
  { code: 'SV', weight: 6, names: HISPANIC, languages: SPANISH },
  { code: 'HT', weight: 6, names: HAITIAN, languages: [['ht', 82], ['fr', 14], ['en', 4]] },
  { code: 'NI', weight: 5, names: HISPANIC, languages: SPANISH },
  { code: 'CU', weight: 5, names: HISPANIC, languages: SPANISH },
  { code: 'PE', weight: 3, names: HISPANIC, languages: SPANISH },
  { code: 'BR', weight: 2, names: BRAZILIAN, languages: [['pt', 96], ['en', 4]] },
  { code: 'IN', weight: 2, names: SOUTH_ASIAN, languages: [['pa', 45], ['hi', 30], ['gu', 15], ['en', 10]] },
  { code: 'CN', weight: 1.5, names: CHINESE, languages: [['zh', 92], ['en', 8]] },
  { code: 'DO', weight: 1, names: HISPANIC, languages: SPANISH },
];

const pickCountry = weightedPicker(COUNTRIES.map((c) => [c, c.weight] as const));
const languagePickers = new Map(COUNTRIES.map((c) => [c.code, weightedPicker(c.languages)]));

export interface Identity {
  givenName: string;
  familyName: string;
  country: string;
  language: string;
}

export function drawIdentity(rng: Rng): Identity {
  const country = pickCountry(rng);
  const { given, family, compound } = country.names;
  let familyName = rng.pick(family);
  if (compound && rng.chance(0.45)) familyName = `${familyName} ${rng.pick(family)}`;
  return { givenName: rng.pick(given), familyName, country: country.code, language: languagePickers.get(country.code)!(rng) };
}

/** Surnames for judges and representatives (a mixed pool). */
export const PROFESSIONAL_SURNAMES: readonly string[] = [
  'Anderson', 'Brennan', 'Castellanos', 'Delgado', 'Ellison', 'Fitzgerald', 'Goldberg', 'Hayashi', 'Iverson', 'Jaramillo',
  'Kowalski', 'Lindqvist', 'Montoya', 'Nakamura', 'Okafor', 'Pellegrini', 'Quinlan', 'Rosenthal', 'Sorensen', 'Tran',
  'Underwood', 'Valdivia', 'Whitaker', 'Yamamoto', 'Zamora', 'Abernathy', 'Bautista', 'Chen', 'Dubois', 'Estrada',
];
export const PROFESSIONAL_GIVEN: readonly string[] = [
  'Alicia', 'Benjamin', 'Catherine', 'Daniel', 'Elena', 'Francis', 'Grace', 'Hannah', 'Isaac', 'Julia', 'Kenneth',
  'Laura', 'Marcus', 'Natalie', 'Omar', 'Patricia', 'Rebecca', 'Samuel', 'Teresa', 'Victor',
];
