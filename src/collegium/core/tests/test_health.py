def test_health_and_readiness(client, db):
    assert client.get("/health/").json() == {"status": "ok"}
    response = client.get("/ready/")
    assert response.status_code == 200
    assert response.json()["checks"] == {"database": "ok", "migrations": "ok"}


def test_request_id_is_echoed_or_generated(client, db):
    assert client.get("/health/", HTTP_X_REQUEST_ID="abc-123")["X-Request-ID"] == "abc-123"
    generated = client.get("/health/", HTTP_X_REQUEST_ID="bad id with spaces")["X-Request-ID"]
    assert len(generated) == 32 and generated != "bad id with spaces"


def test_json_log_lines_carry_the_request_id():
    import json
    import logging

    from collegium.core.middleware import JsonFormatter, RequestIdFilter, request_id_var

    token = request_id_var.set("rid-1")
    try:
        record = logging.LogRecord("x", logging.INFO, __file__, 1, "привет %s", ("мир",), None)
        RequestIdFilter().filter(record)
        line = json.loads(JsonFormatter().format(record))
    finally:
        request_id_var.reset(token)
    assert line["message"] == "привет мир" and line["request_id"] == "rid-1"
