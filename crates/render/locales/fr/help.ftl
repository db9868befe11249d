# help messages (fr)
# Ce qui encadre l'aide, puis l'aide de chaque commande (cmd-CHEMIN, cmd-CHEMIN-after pour
# les exemples) et de chaque argument (arg-CHEMIN-ID), CHEMIN étant les sous-commandes
# jointes par des tirets.
help-usage = Utilisation :
help-commands = Commandes
help-options = Options
help-global-options = Options globales
help-help = Affiche l'aide
help-version = Affiche la version
