#ifndef CMARIADB_SHIM_H
#define CMARIADB_SHIM_H
#include <mysql.h>
#include <errmsg.h>
#include <mariadb_ctype.h>
#include <string.h>

/* Typed wrappers for the option calls Swift would otherwise reach through `const void *`. */
static inline int cmdb_option_uint(MYSQL *m, enum mysql_option opt, unsigned int value) {
    return mysql_options(m, opt, &value);
}
static inline int cmdb_option_string(MYSQL *m, enum mysql_option opt, const char *value) {
    return mysql_options(m, opt, value);
}
static inline int cmdb_option_bool(MYSQL *m, enum mysql_option opt, my_bool value) {
    return mysql_options(m, opt, &value);
}

/* A zeroed bind. */
static inline void cmdb_bind_clear(MYSQL_BIND *b) { memset(b, 0, sizeof(MYSQL_BIND)); }

/* The longest byte sequence of a character set (1 for binary, 4 for utf8mb4). */
static inline unsigned int cmdb_charset_maxlen(unsigned int nr) {
    const MARIADB_CHARSET_INFO *cs = mariadb_get_charset_by_nr(nr);
    return cs ? cs->char_maxlen : 1;
}

/* The collation's name (`utf8mb4_general_ci`), or an empty string. */
static inline const char *cmdb_collation_name(unsigned int nr) {
    const MARIADB_CHARSET_INFO *cs = mariadb_get_charset_by_nr(nr);
    return cs && cs->name ? cs->name : "";
}

/* MariaDB's extended column format name (`json` for JSON columns), or an empty string. */
static inline const char *cmdb_field_format(const MYSQL_FIELD *f, size_t *length) {
    MARIADB_CONST_STRING s = { 0, 0 };
    if (mariadb_field_attr(&s, f, MARIADB_FIELD_ATTR_FORMAT_NAME) || !s.str) { *length = 0; return ""; }
    *length = s.length;
    return s.str;
}
#endif
