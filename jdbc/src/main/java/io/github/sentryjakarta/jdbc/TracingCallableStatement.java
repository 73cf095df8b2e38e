package io.github.sentryjakarta.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;
import java.util.Map;

/**
 * A callable statement: its executions are traced as a prepared statement's ({@code CALL} spans, with
 * {@code db.stored_procedure.name}); the out parameters and named setters are delegated unchanged.
 */
final class TracingCallableStatement extends TracingPreparedStatement implements CallableStatement {

    private final CallableStatement delegate;

    TracingCallableStatement(CallableStatement delegate, TracingConnection connection, String sql) {
        super(delegate, connection, sql);
        this.delegate = delegate;
    }

    @Override public boolean getBoolean(int index) throws SQLException { return delegate.getBoolean(index); }
    @Override public boolean getBoolean(String name) throws SQLException { return delegate.getBoolean(name); }
    @Override public byte getByte(String name) throws SQLException { return delegate.getByte(name); }
    @Override public byte getByte(int index) throws SQLException { return delegate.getByte(index); }
    @Override public short getShort(int index) throws SQLException { return delegate.getShort(index); }
    @Override public short getShort(String name) throws SQLException { return delegate.getShort(name); }
    @Override public int getInt(int index) throws SQLException { return delegate.getInt(index); }
    @Override public int getInt(String name) throws SQLException { return delegate.getInt(name); }
    @Override public long getLong(String name) throws SQLException { return delegate.getLong(name); }
    @Override public long getLong(int index) throws SQLException { return delegate.getLong(index); }
    @Override public float getFloat(String name) throws SQLException { return delegate.getFloat(name); }
    @Override public float getFloat(int index) throws SQLException { return delegate.getFloat(index); }
    @Override public double getDouble(int index) throws SQLException { return delegate.getDouble(index); }
    @Override public double getDouble(String name) throws SQLException { return delegate.getDouble(name); }
    @Override public byte[] getBytes(int index) throws SQLException { return delegate.getBytes(index); }
    @Override public byte[] getBytes(String name) throws SQLException { return delegate.getBytes(name); }
    @Override public void setBoolean(String name, boolean value) throws SQLException { delegate.setBoolean(name, value); }
    @Override public void setByte(String name, byte value) throws SQLException { delegate.setByte(name, value); }
    @Override public void setShort(String name, short value) throws SQLException { delegate.setShort(name, value); }
    @Override public void setInt(String name, int value) throws SQLException { delegate.setInt(name, value); }
    @Override public void setLong(String name, long value) throws SQLException { delegate.setLong(name, value); }
    @Override public void setFloat(String name, float value) throws SQLException { delegate.setFloat(name, value); }
    @Override public void setDouble(String name, double value) throws SQLException { delegate.setDouble(name, value); }
    @Override public Object getObject(int index, Map<String, Class<?>> map) throws SQLException { return delegate.getObject(index, map); }
    @Override public <T> T getObject(int index, Class<T> type) throws SQLException { return delegate.getObject(index, type); }
    @Override public <T> T getObject(String name, Class<T> type) throws SQLException { return delegate.getObject(name, type); }
    @Override public Object getObject(int index) throws SQLException { return delegate.getObject(index); }
    @Override public Object getObject(String name) throws SQLException { return delegate.getObject(name); }
    @Override public Object getObject(String name, Map<String, Class<?>> map) throws SQLException { return delegate.getObject(name, map); }
    @Override public Ref getRef(int index) throws SQLException { return delegate.getRef(index); }
    @Override public Ref getRef(String name) throws SQLException { return delegate.getRef(name); }
    @Override public Array getArray(int index) throws SQLException { return delegate.getArray(index); }
    @Override public Array getArray(String name) throws SQLException { return delegate.getArray(name); }
    @Override public void setURL(String name, URL value) throws SQLException { delegate.setURL(name, value); }
    @Override public Timestamp getTimestamp(String name) throws SQLException { return delegate.getTimestamp(name); }
    @Override public Timestamp getTimestamp(int index) throws SQLException { return delegate.getTimestamp(index); }
    @Override public Timestamp getTimestamp(String name, Calendar calendar) throws SQLException { return delegate.getTimestamp(name, calendar); }
    @Override public Timestamp getTimestamp(int index, Calendar calendar) throws SQLException { return delegate.getTimestamp(index, calendar); }
    @Override public String getString(int index) throws SQLException { return delegate.getString(index); }
    @Override public String getString(String name) throws SQLException { return delegate.getString(name); }
    @Override public BigDecimal getBigDecimal(int index) throws SQLException { return delegate.getBigDecimal(index); }
    @Deprecated @Override public BigDecimal getBigDecimal(int index, int scale) throws SQLException { return delegate.getBigDecimal(index, scale); }
    @Override public BigDecimal getBigDecimal(String name) throws SQLException { return delegate.getBigDecimal(name); }
    @Override public Time getTime(String name, Calendar calendar) throws SQLException { return delegate.getTime(name, calendar); }
    @Override public Time getTime(int index, Calendar calendar) throws SQLException { return delegate.getTime(index, calendar); }
    @Override public Time getTime(String name) throws SQLException { return delegate.getTime(name); }
    @Override public Time getTime(int index) throws SQLException { return delegate.getTime(index); }
    @Override public void setTime(String name, Time value, Calendar calendar) throws SQLException { delegate.setTime(name, value, calendar); }
    @Override public void setTime(String name, Time value) throws SQLException { delegate.setTime(name, value); }
    @Override public void setDate(String name, Date value) throws SQLException { delegate.setDate(name, value); }
    @Override public void setDate(String name, Date value, Calendar calendar) throws SQLException { delegate.setDate(name, value, calendar); }
    @Override public Date getDate(int index) throws SQLException { return delegate.getDate(index); }
    @Override public Date getDate(String name) throws SQLException { return delegate.getDate(name); }
    @Override public Date getDate(String name, Calendar calendar) throws SQLException { return delegate.getDate(name, calendar); }
    @Override public Date getDate(int index, Calendar calendar) throws SQLException { return delegate.getDate(index, calendar); }
    @Override public URL getURL(int index) throws SQLException { return delegate.getURL(index); }
    @Override public URL getURL(String name) throws SQLException { return delegate.getURL(name); }
    @Override public void registerOutParameter(int index, SQLType type, String typeName) throws SQLException { delegate.registerOutParameter(index, type, typeName); }
    @Override public void registerOutParameter(String name, SQLType type, String typeName) throws SQLException { delegate.registerOutParameter(name, type, typeName); }
    @Override public void registerOutParameter(int index, SQLType type, int scale) throws SQLException { delegate.registerOutParameter(index, type, scale); }
    @Override public void registerOutParameter(String name, SQLType type, int scale) throws SQLException { delegate.registerOutParameter(name, type, scale); }
    @Override public void registerOutParameter(int index, SQLType type) throws SQLException { delegate.registerOutParameter(index, type); }
    @Override public void registerOutParameter(String name, SQLType type) throws SQLException { delegate.registerOutParameter(name, type); }
    @Override public void registerOutParameter(int index, int sqlType, int scale) throws SQLException { delegate.registerOutParameter(index, sqlType, scale); }
    @Override public void registerOutParameter(String name, int sqlType, String typeName) throws SQLException { delegate.registerOutParameter(name, sqlType, typeName); }
    @Override public void registerOutParameter(String name, int sqlType, int scale) throws SQLException { delegate.registerOutParameter(name, sqlType, scale); }
    @Override public void registerOutParameter(String name, int sqlType) throws SQLException { delegate.registerOutParameter(name, sqlType); }
    @Override public void registerOutParameter(int index, int sqlType, String typeName) throws SQLException { delegate.registerOutParameter(index, sqlType, typeName); }
    @Override public void registerOutParameter(int index, int sqlType) throws SQLException { delegate.registerOutParameter(index, sqlType); }
    @Override public void setNull(String name, int sqlType) throws SQLException { delegate.setNull(name, sqlType); }
    @Override public void setNull(String name, int sqlType, String typeName) throws SQLException { delegate.setNull(name, sqlType, typeName); }
    @Override public void setObject(String name, Object value) throws SQLException { delegate.setObject(name, value); }
    @Override public void setObject(String name, Object value, int targetSqlType) throws SQLException { delegate.setObject(name, value, targetSqlType); }
    @Override public void setObject(String name, Object value, SQLType type) throws SQLException { delegate.setObject(name, value, type); }
    @Override public void setObject(String name, Object value, SQLType type, int scaleOrLength) throws SQLException { delegate.setObject(name, value, type, scaleOrLength); }
    @Override public void setObject(String name, Object value, int targetSqlType, int scaleOrLength) throws SQLException { delegate.setObject(name, value, targetSqlType, scaleOrLength); }
    @Override public boolean wasNull() throws SQLException { return delegate.wasNull(); }
    @Override public Blob getBlob(int index) throws SQLException { return delegate.getBlob(index); }
    @Override public Blob getBlob(String name) throws SQLException { return delegate.getBlob(name); }
    @Override public Clob getClob(String name) throws SQLException { return delegate.getClob(name); }
    @Override public Clob getClob(int index) throws SQLException { return delegate.getClob(index); }
    @Override public void setBigDecimal(String name, BigDecimal value) throws SQLException { delegate.setBigDecimal(name, value); }
    @Override public void setString(String name, String value) throws SQLException { delegate.setString(name, value); }
    @Override public void setBytes(String name, byte[] value) throws SQLException { delegate.setBytes(name, value); }
    @Override public void setTimestamp(String name, Timestamp value, Calendar calendar) throws SQLException { delegate.setTimestamp(name, value, calendar); }
    @Override public void setTimestamp(String name, Timestamp value) throws SQLException { delegate.setTimestamp(name, value); }
    @Override public void setAsciiStream(String name, InputStream value) throws SQLException { delegate.setAsciiStream(name, value); }
    @Override public void setAsciiStream(String name, InputStream value, long length) throws SQLException { delegate.setAsciiStream(name, value, length); }
    @Override public void setAsciiStream(String name, InputStream value, int length) throws SQLException { delegate.setAsciiStream(name, value, length); }
    @Override public void setBinaryStream(String name, InputStream value, long length) throws SQLException { delegate.setBinaryStream(name, value, length); }
    @Override public void setBinaryStream(String name, InputStream value, int length) throws SQLException { delegate.setBinaryStream(name, value, length); }
    @Override public void setBinaryStream(String name, InputStream value) throws SQLException { delegate.setBinaryStream(name, value); }
    @Override public void setCharacterStream(String name, Reader value) throws SQLException { delegate.setCharacterStream(name, value); }
    @Override public void setCharacterStream(String name, Reader value, int length) throws SQLException { delegate.setCharacterStream(name, value, length); }
    @Override public void setCharacterStream(String name, Reader value, long length) throws SQLException { delegate.setCharacterStream(name, value, length); }
    @Override public RowId getRowId(int index) throws SQLException { return delegate.getRowId(index); }
    @Override public RowId getRowId(String name) throws SQLException { return delegate.getRowId(name); }
    @Override public void setRowId(String name, RowId value) throws SQLException { delegate.setRowId(name, value); }
    @Override public void setNString(String name, String value) throws SQLException { delegate.setNString(name, value); }
    @Override public void setNCharacterStream(String name, Reader value) throws SQLException { delegate.setNCharacterStream(name, value); }
    @Override public void setNCharacterStream(String name, Reader value, long length) throws SQLException { delegate.setNCharacterStream(name, value, length); }
    @Override public void setNClob(String name, Reader value) throws SQLException { delegate.setNClob(name, value); }
    @Override public void setNClob(String name, Reader value, long length) throws SQLException { delegate.setNClob(name, value, length); }
    @Override public void setNClob(String name, NClob value) throws SQLException { delegate.setNClob(name, value); }
    @Override public void setClob(String name, Reader value, long length) throws SQLException { delegate.setClob(name, value, length); }
    @Override public void setClob(String name, Reader value) throws SQLException { delegate.setClob(name, value); }
    @Override public void setClob(String name, Clob value) throws SQLException { delegate.setClob(name, value); }
    @Override public void setBlob(String name, InputStream value) throws SQLException { delegate.setBlob(name, value); }
    @Override public void setBlob(String name, Blob value) throws SQLException { delegate.setBlob(name, value); }
    @Override public void setBlob(String name, InputStream value, long length) throws SQLException { delegate.setBlob(name, value, length); }
    @Override public NClob getNClob(int index) throws SQLException { return delegate.getNClob(index); }
    @Override public NClob getNClob(String name) throws SQLException { return delegate.getNClob(name); }
    @Override public void setSQLXML(String name, SQLXML value) throws SQLException { delegate.setSQLXML(name, value); }
    @Override public SQLXML getSQLXML(String name) throws SQLException { return delegate.getSQLXML(name); }
    @Override public SQLXML getSQLXML(int index) throws SQLException { return delegate.getSQLXML(index); }
    @Override public String getNString(String name) throws SQLException { return delegate.getNString(name); }
    @Override public String getNString(int index) throws SQLException { return delegate.getNString(index); }
    @Override public Reader getNCharacterStream(int index) throws SQLException { return delegate.getNCharacterStream(index); }
    @Override public Reader getNCharacterStream(String name) throws SQLException { return delegate.getNCharacterStream(name); }
    @Override public Reader getCharacterStream(String name) throws SQLException { return delegate.getCharacterStream(name); }
    @Override public Reader getCharacterStream(int index) throws SQLException { return delegate.getCharacterStream(index); }
}
