/**
 * How Kura reads the public entity-resolution sets in ../shared/data/er: each set's columns mapped to the customer
 * model, and the extra columns compared as they are. The accuracy tests and the Splink side-by-side bench use these.
 */
export const febrl4 = {
  mapping: {
    source_id: 'rec_id',
    given_name: 'given_name',
    family_name: 'surname',
    address: 'address_1',
    address_2: 'address_2',
    city: 'suburb',
    postal_code: 'postcode',
    region: 'state',
    birth_date: 'date_of_birth',
  },
  extras: { soc_sec_id: 'soc_sec_id', street_number: 'street_number' },
};

export const historical50k = {
  mapping: { given_name: 'first_name', family_name: 'surname', birth_date: 'dob', city: 'birth_place', postal_code: 'postcode_fake' },
  extras: { occupation: 'occupation', gender: 'gender' },
};

export const fake1000 = {
  mapping: { given_name: 'first_name', family_name: 'surname', birth_date: 'dob', city: 'city', email: 'email' },
};
