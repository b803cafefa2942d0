-- blank the Fintecture and Payplug credentials of a copied database
UPDATE payment_provider
   SET fintecture_app_id = NULL,
       fintecture_app_secret = NULL,
       fintecture_private_key = NULL,
       fintecture_access_token = NULL,
       fintecture_token_expiry = NULL,
       payplug_secret_key = NULL;
