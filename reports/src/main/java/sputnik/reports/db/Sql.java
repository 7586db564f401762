package sputnik.reports.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;

/** Typed nulls for statements (PostgreSQL's driver wants to know the type of a null) and nullable reads. */
final class Sql {
    private Sql() {}

    static void text(PreparedStatement st, int i, String v) throws SQLException {
        if (v == null) st.setNull(i, Types.VARCHAR);
        else st.setString(i, v);
    }

    static void real(PreparedStatement st, int i, Double v) throws SQLException {
        if (v == null || v.isNaN()) st.setNull(i, Types.DOUBLE);
        else st.setDouble(i, v);
    }

    static Double real(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
