"""Template tags, found by Django under the app (`{% load pdf review rich reports %}`): thin
helpers that call the capability owning the logic (pdf.render, review.lock and review.comments,
the core's richtext). May import the core and those modules only."""
