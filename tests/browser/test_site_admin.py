"""An administrator sets up a site in the admin, in a real browser, as docs/embed.md says.

The Site page once had a help text with a literal ``<title>`` in it: the browser read the rest of
the page as the title's text, and the Save button was gone. Only a browser shows that.
"""

from __future__ import annotations

import pytest
from django.test import Client

from townsquare.accounts.services import moderator_create
from townsquare.sites.models import Site
from townsquare.sites.selectors import site_default


@pytest.mark.django_db(transaction=True)
def test_an_administrator_saves_the_site_page(browser, live_server, screenshot_dir):
    administrator = moderator_create(
        username="ada",
        email="ada@example.org",
        password="harbour-lights-at-dusk",
        administrator=True,
    )
    site = site_default()
    client = Client()
    client.force_login(administrator)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto(f"{live_server.url}/admin/sites/site/{site.pk}/change/")
    page.screenshot(path=screenshot_dir / "site-admin.png", full_page=True)
    save = page.locator('input[type="submit"][name="_save"]')
    assert save.is_visible(), "the Save button is not shown"
    page.get_by_label("Allowed origins").fill(
        "https://news.example.org\nhttps://www.news.example.org"
    )
    page.get_by_label("Edit window minutes").fill("5")
    page.get_by_label("Close after days").fill("30")
    save.click()
    page.wait_for_url(f"{live_server.url}/admin/sites/site/")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    context.close()
    saved = Site.objects.get(pk=site.pk)
    assert saved.allowed_origins == ["https://news.example.org", "https://www.news.example.org"]
    assert (saved.edit_window_minutes, saved.close_after_days) == (5, 30)
