use super::*;

fn strings(v: &[&str]) -> Vec<String> {
    v.iter().map(|s| (*s).to_owned()).collect()
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

#[test]
fn headers_map_in_the_words_exports_use() {
    let m = Mapping::from_headers(&strings(&[
        "First Name",
        "Last_Name",
        "E-mail",
        "Mobile",
        "DOB",
        "Balance",
    ]))
    .unwrap();
    assert_eq!(
        m.columns,
        vec![
            (Field::GivenName, 0),
            (Field::FamilyName, 1),
            (Field::Email, 2),
            (Field::Phone, 3),
            (Field::DateOfBirth, 4)
        ]
    );
    assert_eq!(m.ignored, strings(&["Balance"]));
    assert!(Mapping::from_headers(&strings(&["Email", "Phone"])).is_err());
}

#[test]
fn rows_are_checked_like_typed_clients() {
    let m = Mapping::from_headers(&strings(&["Name", "Email", "Date of birth"])).unwrap();
    let ok = read_row(
        &m,
        &strings(&["Alex  Rivera", "ALEX@Example.com", "23/04/1990"]),
        today(),
    )
    .unwrap();
    assert_eq!((ok.given_name.as_str(), ok.family_name.as_str()), ("Alex", "Rivera"));
    assert_eq!(ok.email.as_deref(), Some("alex@example.com"));
    assert_eq!(ok.date_of_birth, NaiveDate::from_ymd_opt(1990, 4, 23));
    let field = |row: &[&str]| read_row(&m, &strings(row), today()).unwrap_err().0;
    assert_eq!(field(&["Alex Rivera", "not an email", ""]), Field::Email);
    assert_eq!(field(&["Madonna", "", ""]), Field::FullName);
    assert_eq!(
        field(&["Alex Rivera", "", "03/04/1990"]),
        Field::DateOfBirth,
        "ambiguous"
    );
    assert_eq!(
        field(&["Alex Rivera", "", "2030-01-01"]),
        Field::DateOfBirth,
        "in the future"
    );
}

#[test]
fn duplicates_against_clients_and_earlier_rows() {
    let a = Identity::Email("a@example.com".into());
    let b = Identity::Person("sam".into(), "lee".into(), None);
    let found = duplicates(&[(7u8, a.clone())], &[(1, a), (2, b.clone()), (3, b)]);
    assert_eq!(found, vec![(1, Original::Client(7)), (3, Original::Row(2))]);
}
